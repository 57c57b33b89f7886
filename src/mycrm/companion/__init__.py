"""The phone companion: a small web app the paired phone opens over the local network.

A thin HTTP adapter over the same core services the desktop calls (``mycrm.core``; the
phone's own rules — pairing, entries written once — are ``mycrm.core.phone``). Qt-free: the
server runs on its own thread with its own database connection (``server``), and tells the
desktop what changed through a callback (``ui.companion`` turns it into ``ctx.changed``).
Nothing here is imported until the user turns phone access on.
"""
