"""The Qt-free core: tables, rules, queries and services.

Nothing in this package may import Qt. Every function whose result depends on the time takes
``now`` (an aware UTC ``datetime``) or ``today`` (a ``date``) as an argument.
"""
