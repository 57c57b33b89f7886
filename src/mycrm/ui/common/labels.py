"""User-visible names and colours for the core's codes (states, kinds, urgency, errors)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from mycrm.core.common.validation import ErrorCode, FieldError
from mycrm.core.customers.urgency import Urgency
from mycrm.core.db.kinds import InteractionKind, NeedStatus, State
from mycrm.ui.common.i18n import translator

BOARD_STATES = (State.TO_CONTACT, State.IN_TOUCH, State.VISITED)


_t = translator("labels")


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
        ErrorCode.BAD_CHOICE: _t("“%1” is not one of the choices.").replace(
            "%1", p.get("value", "")),
        ErrorCode.BAD_EMAIL: _t("“%1” is not an e-mail address.").replace("%1", p.get("value", "")),
        ErrorCode.DATE_ORDER: _t("The end date must be after the start date."),
        ErrorCode.BAD_CHARACTERS: _t(
            "Remove the control or text-direction characters (they can make the text show "
            "differently from what it says)."),
        ErrorCode.DATE_OUT_OF_RANGE: _t("Choose a date between %1 and %2.").replace(
            "%1", p.get("min", "")).replace("%2", p.get("max", "")),
        ErrorCode.BAD_CURRENCY: _t("“%1” is not a currency code. Use three letters, e.g. CNY "
                                   "or EUR.").replace("%1", p.get("value", "")),
        ErrorCode.BAD_DATETIME: _t(
            "“%1” is not a valid date and time. Use YYYY-MM-DD HH:MM, e.g. 2026-12-01 09:00."
        ).replace("%1", p["value"]) if p.get("value") else _t("Choose a valid date and time."),
    }
    return messages.get(error.code, error.code.value)


# --- timeline (customer page) ----------------------------------------------------------
def reason_text(reason: str, payload: dict[str, object]) -> str:
    """Why a state changed, in the user's language."""
    from mycrm.ui.common.fmt import format_iso_date

    if reason == "revisit_due":
        return _t("the last visit (%1) is %2 or more days ago — time to visit again").replace(
            "%1", format_iso_date(str(payload.get("visit_date", "")))).replace(
            "%2", str(payload.get("period_days", "")))
    if reason.startswith("logged_"):
        return _t("a %1 was logged").replace("%1", kind_label(reason[len("logged_"):]))
    if reason == "manual":
        return _t("moved by hand")
    return reason


def timeline_text(kind: str, payload: dict[str, object]) -> tuple[str, str]:
    """(headline, detail) for a timeline item of ``kind`` (``record`` or an event kind);
    what a paired phone wrote says so (``core.customers.page.PHONE_SOURCE``)."""
    head, detail = _timeline_text(kind, payload)
    if payload.get("source") == "phone":
        head = _t("%1 · from the phone").replace("%1", head)
    return head, detail


def _timeline_text(kind: str, payload: dict[str, object]) -> tuple[str, str]:
    from mycrm.ui.common.fmt import format_iso_date, format_money

    def p(key: str) -> str:
        return str(payload.get(key, "") or "")

    if kind == "record":
        detail = "\n".join(part for part in (
            p("discussion"),
            _t("Feedback: %1").replace("%1", p("feedback")) if p("feedback") else "",
            _t("Next steps: %1").replace("%1", p("next_steps")) if p("next_steps") else "",
            _t("Attendees: %1").replace("%1", p("attendees")) if p("attendees") else "",
        ) if part)
        return kind_label(p("kind")), detail
    if kind == "state_changed":
        head = _t("%1 → %2").replace("%1", state_label(p("old"))).replace(
            "%2", state_label(p("new")))
        return head, _t("Because %1").replace("%1", reason_text(p("reason"), payload))
    simple = {
        "todo_created": _t("To-do added: %1"),
        "todo_done": _t("To-do done: %1"),
        "need_created": _t("Need captured: %1"),
    }
    if kind in simple:
        return simple[kind].replace("%1", p("title")), ""
    if kind == "need_closed":
        return _t("Need %1: %2").replace("%1", need_status_label(p("status"))).replace(
            "%2", p("title")), ""
    if kind == "renewed":
        cents = payload.get("amount_cents", 0)
        return (_t("Renewed until %1").replace("%1", format_iso_date(p("end_date"))),
                _t("Signed %1 · %2").replace("%1", format_iso_date(p("signed_on"))).replace(
                    "%2", format_money(int(cents) if isinstance(cents, int) else 0,
                                       p("currency") or "CNY")))
    if kind == "lost":
        return _t("Marked lost"), p("reason")
    return {
        "created": _t("Customer added"),
        "archived": _t("Archived"),
        "restored": _t("Back on the board"),
    }.get(kind, kind), ""


def timeline_filter_label(key: str) -> str:
    return {
        "all": _t("Everything"),
        "records": _t("Service records"),
        "todos": _t("To-dos"),
        "needs": _t("Needs"),
        "renewals": _t("Renewals"),
        "states": _t("State changes"),
    }.get(key, key)
