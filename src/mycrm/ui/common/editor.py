"""One base for the editor dialogs: collect the form → run the core service in one
transaction → show field errors and "Nothing was saved", or emit ``saved`` and close; and a
confirm-and-undoable delete.

Why one base: seven dialogs repeated this flow and had drifted (some showed a modal box for
errors without a field, one deleted without an undo, one had no "Nothing was saved"). A
subclass now supplies only its fields, how to collect them (``collect``) and which service
to call (``save_call``, ``delete_call``); the order of the steps, what the user sees on bad
input and the promise that bad input changes nothing live here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import ValidationError
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.forms import FieldErrors, confirm_delete, error_label
from mycrm.ui.common.i18n import translator

_t = translator("EditorDialog")
T = TypeVar("T")  # what ``collect`` returns: the core service's input


class ServiceCall:
    """A core service and its keyword arguments, for the base to run through ``ctx.run`` /
    ``ctx.undoable`` (which add ``session`` and ``now``)."""

    def __init__(self, service: Callable[..., Any], /, **kwargs: Any) -> None:
        self.service = service
        self.kwargs = kwargs

    def __repr__(self) -> str:
        return f"ServiceCall({getattr(self.service, '__name__', self.service)!r}, {self.kwargs})"


class EditorDialog(QDialog, Generic[T]):
    """Save / Cancel over a form whose fields have error labels (``self.errors``).

    ``saved(id)`` is emitted after each successful write (the saved row's id, see
    ``saved_id``). Subclasses build their widgets, call ``set_body`` once, and implement
    ``collect`` and ``save_call``; an editor that can delete calls ``add_delete_button``
    and implements ``delete_call`` and ``delete_question``."""

    saved = Signal(int)
    # Whether the delete service returns an undo snapshot (``core.common.undo``); the
    # question then promises Ctrl+Z.
    undoable_delete = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        self.form_error = error_label("formError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.delete_button: QPushButton | None = None

    # --- what a subclass supplies ---------------------------------------------------------
    def collect(self) -> T:
        """The form's values as the service's input; may raise ``ValidationError`` for
        text that cannot even be parsed (shown like the service's own errors)."""
        raise NotImplementedError

    def save_call(self, data: T) -> ServiceCall:
        """The service that writes ``data`` (create or update)."""
        raise NotImplementedError

    def saved_id(self, result: Any) -> int:
        """The id ``saved`` carries: by default the id of the row the service returned."""
        return int(result.id)

    def confirm_save(self, data: T) -> bool:
        """A last question before writing (e.g. "this may be a duplicate"); False cancels
        quietly. May raise ``ValidationError``."""
        return True

    def delete_call(self) -> ServiceCall | None:
        """The delete service, or None when there is nothing to delete (a new item)."""
        return None

    def delete_question(self) -> str:
        return ""

    def place_errors(self, exc: ValidationError) -> list[str]:
        """Show each error beside its field; return the messages that have no field."""
        return self.errors.show(exc)

    def clear_errors(self) -> None:
        self.errors.clear()
        self.form_error.clear()
        self.form_error.hide()

    # --- building -------------------------------------------------------------------------
    def set_body(self, *parts: QWidget | QLayout) -> QVBoxLayout:
        """Lay the dialog out: ``parts`` top to bottom, then the form error, then the
        buttons. Returns the layout (e.g. to give a part a stretch factor)."""
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        return layout

    def add_delete_button(self, text: str, object_name: str = "") -> QPushButton:
        button = QPushButton(text)
        if object_name:
            button.setObjectName(object_name)
        button.clicked.connect(self.delete)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button = button
        return button

    # --- the flow -------------------------------------------------------------------------
    def save(self) -> bool:
        """Write and close; on bad input show why, keep the dialog open, return False."""
        if not self.write():
            return False
        self.accept()
        return True

    def write(self) -> bool:
        """Collect → confirm → run the service in one transaction → emit ``saved``.

        A ``ValidationError`` from any step is shown beside its fields with "Nothing was
        saved" and nothing is written (the service raises before writing, and ``ctx.run``
        rolls the transaction back)."""
        self.clear_errors()
        try:
            data = self.collect()
            if not self.confirm_save(data):
                return False
            call = self.save_call(data)
            result = self.ctx.run(call.service, **call.kwargs)
        except ValidationError as exc:
            self.show_errors(exc)
            return False
        self.saved.emit(self.saved_id(result))
        return True

    def show_errors(self, exc: ValidationError) -> None:
        unplaced = self.place_errors(exc)
        lines = [_t("Nothing was saved — please fix the marked fields."), *unplaced]
        self.form_error.setText("\n".join(lines))
        self.form_error.show()

    def delete(self) -> bool:
        """Delete after a confirmation (No is the default) and close; the window's Ctrl+Z
        (``ctx.undo``) brings it back. False if there is nothing to delete or the user
        declined."""
        call = self.delete_call()
        if call is None:
            return False
        if not confirm_delete(self, self.delete_question(), undoable=self.undoable_delete):
            return False
        if self.undoable_delete:
            self.ctx.undoable(call.service, **call.kwargs)
        else:
            self.ctx.run(call.service, **call.kwargs)
        self.accept()
        return True

