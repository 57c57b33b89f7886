"""User-visible names and colours for the core's codes (states, kinds, urgency, errors)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from mycrm.core.models import InteractionKind, NeedStatus, State
from mycrm.core.urgency import Urgency
from mycrm.core.validation import ErrorCode, FieldError

BOARD_STATES = (State.TO_CONTACT, State.IN_TOUCH, State.VISITED)


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def state_label(state: str) -> str:
    return {
        State.TO_CONTACT.value: _t("To contact"),
        State.IN_TOUCH.value: _t("In touch"),
        State.VISITED.value: _t("Visited"),
    }.get(state, state)


def kind_label(kind: str) -> str:
    return {
        InteractionKind.VISIT.value: _t("Visit"),
        InteractionKind.QBR.value: _t("QBR"),
        InteractionKind.CALL.value: _t("Call"),
        InteractionKind.MESSAGE.value: _t("Message"),
        InteractionKind.MEETING.value: _t("Meeting"),
    }.get(kind, kind)


def need_status_label(status: str) -> str:
    return {
        NeedStatus.OPEN.value: _t("Open"),
        NeedStatus.WON.value: _t("Won"),
        NeedStatus.DROPPED.value: _t("Dropped"),
    }.get(status, status)


def urgency_label(urgency: Urgency) -> str:
    return {
        Urgency.OVERDUE: _t("Overdue"),
        Urgency.WEEK: _t("Within a week"),
        Urgency.MONTH: _t("Within a month"),
        Urgency.QUARTER: _t("Within three months"),
        Urgency.LATER: _t("Later"),
        Urgency.NONE: _t("No date"),
    }[urgency]


# Readable on light and dark backgrounds alike.
URGENCY_COLORS = {
    Urgency.OVERDUE: QColor("#d32f2f"),
    Urgency.WEEK: QColor("#e64a19"),
    Urgency.MONTH: QColor("#f9a825"),
    Urgency.QUARTER: QColor("#1e88e5"),
    Urgency.LATER: QColor("#43a047"),
    Urgency.NONE: QColor("#9e9e9e"),
}

TIER_COLORS = {
    "S": QColor("#8e24aa"),
    "A": QColor("#1e88e5"),
    "B": QColor("#00897b"),
    "C": QColor("#757575"),
    "D": QColor("#a1887f"),
}


def error_text(error: FieldError) -> str:
    """A specific, plain message for one field error."""
    p = error.params
    messages = {
        ErrorCode.REQUIRED: _t("This field is required."),
        ErrorCode.TOO_LONG: _t("Too long: at most %1 characters.").replace("%1", p.get("max", "")),
        ErrorCode.BAD_DATE: _t(
            "“%1” is not a valid date. Use a real day such as 2026-03-01."
        ).replace("%1", p.get("value", "")),
        ErrorCode.BAD_AMOUNT: _t("“%1” is not an amount. Type digits, e.g. 12000 or 12,000.50.")
        .replace("%1", p.get("value", "")),
        ErrorCode.NEGATIVE_AMOUNT: _t("The amount cannot be negative."),
        ErrorCode.AMOUNT_TOO_LARGE: _t("The amount is too large."),
        ErrorCode.BAD_CHOICE: _t("“%1” is not one of the choices.").replace("%1", p.get("value", "")),
        ErrorCode.BAD_EMAIL: _t("“%1” is not an e-mail address.").replace("%1", p.get("value", "")),
        ErrorCode.DATE_ORDER: _t("The end date must be after the start date."),
        ErrorCode.BAD_DATETIME: _t("Choose a valid date and time."),
    }
    return messages.get(error.code, error.code.value)
