"""What a service changes, declared next to the service (as Anki's ops return change flags).

A front end reloads only what shows the kinds that changed: the desktop's ``ctx.run`` emits
``changed(Change)``, and the phone companion or the command line can ask the same question
of the same function. ``@changes(Change.TODOS)`` on a service says "this writes to-dos (and
nothing another view shows)"; a service without a declaration counts as ``Change.ALL`` —
safe, only slower. Qt-free, like all of ``core``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_ATTRIBUTE = "__mycrm_changes__"


class Change(enum.Flag):
    """Kinds of data a view can show. Combine with ``|``; test with ``&``."""

    NONE = 0
    CUSTOMERS = 1  # a customer's details, state (board column), archive, lost
    CONTACTS = 2  # people under a customer
    TODOS = 4  # to-dos and their reminder state (fired, snoozed, done)
    RECORDS = 8  # service records: visits, QBRs, calls, last visit
    NEEDS = 16  # customer needs (opportunities)
    RENEWALS = 32  # contracts and the renewal dates they set
    GOALS = 64  # goal targets (progress is computed from the other kinds)
    SETTINGS = 128  # the settings stored in the data file
    ALL = 255


def changes(what: Change) -> Callable[[F], F]:
    """Declare what the decorated service changes; the function itself is returned as is."""

    def declare(service: F) -> F:
        setattr(service, _ATTRIBUTE, what)
        return service

    return declare


def is_declared(service: Callable[..., Any]) -> bool:
    return isinstance(getattr(service, _ATTRIBUTE, None), Change)


def changes_of(service: Callable[..., Any]) -> Change:
    """What ``service`` declared it changes; ``Change.ALL`` when it declared nothing."""
    declared = getattr(service, _ATTRIBUTE, None)
    return declared if isinstance(declared, Change) else Change.ALL
