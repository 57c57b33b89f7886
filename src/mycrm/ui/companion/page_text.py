"""The phone page's words, in the same catalogue as the desktop's (context "phone").

The page follows the phone's language, not the desktop's, so both catalogues are read here
into plain dictionaries (``page_texts``) that the server puts into the page. Placeholders
are ``{name}``, filled in by the page's script.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from mycrm.ui.common.i18n import TRANSLATIONS_DIR

_active: QTranslator | None = None


def _t(text: str) -> str:  # scripts/extract_strings.py files these under context "phone"
    found = _active.translate("phone", text) if _active is not None else ""
    return found or text


def _texts() -> dict[str, str]:
    return {
        "app.title": _t("mycrm"),
        "tab.today": _t("Today"), "tab.customers": _t("Customers"), "tab.new": _t("New"),
        "today.title": _t("Due today and overdue"),
        "today.empty": _t("Nothing due"),
        "today.empty.body": _t("No overdue to-dos and no reminders left for today."),
        "group.overdue": _t("Overdue"), "group.today": _t("Today"),
        "done": _t("Done"), "done.saved": _t("Marked done"),
        "snooze": _t("Snooze"), "snoozed": _t("Snoozed"),
        "snooze.10m": _t("10 min"), "snooze.1h": _t("1 hour"),
        "snooze.tomorrow": _t("Tomorrow 9:00"),
        "customers.title": _t("Customers"),
        "search.placeholder": _t("Search name, contact, phone…"),
        "search.none": _t("No customer found"),
        "search.none.body": _t("Try part of the name, a contact or a phone number."),
        "renews": _t("Renews {date}"),
        "days.left": _t("{n} d left"), "days.today": _t("due today"),
        "days.overdue": _t("{n} d overdue"),
        "back": _t("Back"), "tier": _t("Tier {tier}"), "archived": _t("Archived"),
        "none": _t("None"), "never": _t("Never"),
        "fact.renewal": _t("Renewal"), "fact.amount": _t("Contract"),
        "fact.last_visit": _t("Last visit"), "fact.industry": _t("Industry"),
        "action.visit": _t("Log a visit / QBR"), "action.todo": _t("Add a to-do"),
        "action.need": _t("Capture a need"), "action.renewal": _t("Record a renewal"),
        "section.contacts": _t("Contacts"), "section.contacts.none": _t("No contacts yet"),
        "section.todos": _t("Open to-dos"), "section.todos.none": _t("No open to-dos"),
        "section.needs": _t("Open needs"), "section.needs.none": _t("No open needs"),
        "section.timeline": _t("Recent activity"),
        "section.timeline.none": _t("Nothing recorded yet"),
        "wechat": _t("WeChat: {id}"), "follow_up": _t("follow up {date}"),
        "from_phone": _t("from the phone"),
        "new.title": _t("New entry"), "pick.customer": _t("For which customer?"),
        "pick.no_customer": _t("A to-do without a customer"),
        "field.kind": _t("Kind"), "field.when": _t("When"),
        "field.attendees": _t("Attendees"), "field.discussion": _t("What was discussed"),
        "field.feedback": _t("Customer feedback"), "field.next_steps": _t("Next steps"),
        "field.todo_title": _t("To-do"), "field.remind": _t("Remind me at"),
        "field.notes": _t("Notes"), "field.need_title": _t("Need"),
        "field.detail": _t("Details"), "field.amount": _t("Amount"),
        "field.follow_up": _t("Follow up on"), "field.signed_on": _t("Signed on"),
        "field.end_date": _t("New end date"),
        "form.todos": _t("To-dos from this visit"), "add_todo_row": _t("Add a to-do"),
        "remove": _t("Remove"),
        "cancel": _t("Cancel"), "save": _t("Save"), "saved": _t("Saved"),
        "kept": _t("The laptop cannot be reached: kept on this phone, it will be sent when "
                   "the laptop is back."),
        # "<key>.one" is used when {n} is 1.
        "sent.later": _t("{n} kept entries sent to the laptop"),
        "sent.later.one": _t("The kept entry was sent to the laptop"),
        "entry.rejected": _t("\u201c{what}\u201d was not saved: open it to fix it."),
        "offline.title": _t("The laptop cannot be reached"),
        "offline.body": _t("Check that the phone is on the same Wi-Fi as the laptop and that "
                           "phone access is on."),
        "offline.banner": _t("The laptop cannot be reached. {n} entries are kept on this phone; "
                             "they will be sent when it is back."),
        "offline.banner.one": _t("The laptop cannot be reached. One entry is kept on this "
                                 "phone; it will be sent when the laptop is back."),
        "unpaired.banner": _t("This phone is no longer paired. On the laptop, open Phone "
                              "access and scan the QR code again. Unsent entries stay here."),
        "unpaired.title": _t("This phone is not paired"),
        "unpaired.body": _t("On the laptop, turn on Phone access (Settings or the tray menu) "
                            "and scan the QR code with this phone's camera."),
        "pair_failed.title": _t("This pairing link no longer works"),
        "pair_failed.body": _t("A pairing code works once and for five minutes. On the laptop, "
                               "show a new QR code in Phone access and scan it again."),
        "state.to_contact": _t("To contact"), "state.in_touch": _t("In touch"),
        "state.visited": _t("Visited"),
        "kind.visit": _t("Visit"), "kind.qbr": _t("QBR"), "kind.call": _t("Call"),
        "kind.message": _t("Message"), "kind.meeting": _t("Meeting"),
        "event.created": _t("Customer added"), "event.state_changed": _t("State changed"),
        "event.archived": _t("Archived"), "event.restored": _t("Back on the board"),
        "event.lost": _t("Marked lost"), "event.renewed": _t("Renewed until"),
        "event.todo_created": _t("To-do added"), "event.todo_done": _t("To-do done"),
        "event.need_created": _t("Need captured"), "event.need_closed": _t("Need closed"),
        "error.required": _t("Required"), "error.too_long": _t("Too long"),
        "error.bad_date": _t("Not a real date"), "error.bad_amount": _t("Not an amount"),
        "error.negative_amount": _t("Cannot be negative"),
        "error.amount_too_large": _t("Too large"), "error.bad_choice": _t("Not a valid choice"),
        "error.bad_email": _t("Not an e-mail address"),
        "error.date_order": _t("Must be after the current end date"),
        "error.bad_datetime": _t("Not a real date and time"),
        "error.bad_type": _t("Not understood"),
        "error.bad_characters": _t("Holds invisible control or text-direction characters"),
        "error.date_out_of_range": _t("Too far from today"),
        "error.bad_currency": _t("Not a currency code (three letters, e.g. CNY)"),
        "error.not_found": _t("This customer or to-do is no longer on the laptop."),
        "error.invalid": _t("Please check the highlighted fields."),
        "error.server": _t("The laptop could not save this."),
        "error.slow_down": _t("Too many attempts: wait a minute."),
        "error.field": _t("{field}: {error}"),
    }


def page_texts() -> dict[str, dict[str, str]]:
    """Every page string in English and in Chinese (from the catalogue's .qm)."""
    global _active
    english = _texts()
    translator = QTranslator()
    chinese = english
    if translator.load("mycrm_zh_CN", str(TRANSLATIONS_DIR)):
        _active = translator
        try:
            chinese = _texts()
        finally:
            _active = None
    return {"en": english, "zh_CN": chinese}
