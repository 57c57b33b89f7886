"""The phone companion: a small web app the paired phone opens over the local network.

A thin HTTP adapter over the same core services the desktop calls (``mycrm.core``; the
phone's own rules — pairing, entries written once — are ``mycrm.core.phone``). Qt-free: the
server runs in a child process of its own with its own database connection (``server``,
``process``; on a thread for tests), and tells the desktop what changed through a callback
(``ui.companion`` turns it into ``ctx.changed``). Nothing here is imported until the user
turns phone access on, and the desktop then imports only ``server`` and ``process``: the
web stack (``serving``, ``app``) loads in the child.
"""
