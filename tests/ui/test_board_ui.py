from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from sqlmodel import select

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Customer, TimelineEvent
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.board.model import CustomerIdRole
from mycrm.ui.board.page import BoardPage
from mycrm.ui.customers.editor import CustomerEditor
from mycrm.ui.customers.page import CustomerPage
from mycrm.ui.customers.table import CustomersPage
from qt_helpers import on_screen


def names(page: BoardPage, state: str) -> list[str]:
    model = page.columns[state].model
    return [model.index(r).data() for r in range(model.rowCount())]


def seed(ctx, *rows):
    for name, days in rows:
        renewal = None if days is None else ctx.today() + timedelta(days=days)
        ctx.run(create_customer, data=CustomerInput(name=name, renewal_date=renewal))


def test_models_pass_the_model_tester(qtbot, ctx) -> None:
    seed(ctx, ("A", 3), ("B", None))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    ModelTester(None).check(page.columns["to_contact"].model)


def test_adding_a_customer_in_the_editor_puts_its_card_in_place(qtbot, ctx) -> None:
    seed(ctx, ("Soon", 5), ("Later", 300), ("Undated", None))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    page.show()  # hidden pages reload only when shown (ui/common/reload.py)
    editor = CustomerEditor(ctx)
    qtbot.addWidget(editor)
    editor.name.setText("新客户有限公司")
    editor.renewal.setText((ctx.today() + timedelta(days=40)).isoformat())
    editor.amount.setText("50,000")
    editor.contact_name.setText("李雷")
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert names(page, "to_contact") == ["Soon", "新客户有限公司", "Later", "Undated"]
    assert names(page, "in_touch") == [] and names(page, "visited") == []


def test_editing_a_customer_keeps_what_the_editor_does_not_change(qtbot, ctx) -> None:
    """Tags (from an import) and the address fields survive an edit of the name."""
    customer = ctx.run(create_customer, data=CustomerInput(
        name="Acme", tags="key account, SSO", address="1 Main St", city="Hangzhou",
        country="China", website="acme.example"))
    editor = CustomerEditor(ctx, customer.id)
    qtbot.addWidget(editor)
    assert editor.tags.text() == "key account, SSO"
    editor.name.setText("Acme Group")
    with qtbot.waitSignal(editor.saved):
        editor.save()
    saved = ctx.read(lambda s: s.get(Customer, customer.id))
    assert (saved.name, saved.tags, saved.address, saved.city, saved.country, saved.website) == (
        "Acme Group", "key account, SSO", "1 Main St", "Hangzhou", "China", "acme.example")


def test_editor_shows_errors_beside_fields_and_saves_nothing(qtbot, ctx) -> None:
    editor = CustomerEditor(ctx)
    qtbot.addWidget(editor)
    editor.renewal.setText("2026-13-45")
    editor.amount.setText("-3")
    editor.save()
    assert "required" in editor.errors.text("name")
    assert "2026-13-45" in editor.errors.text("renewal_date")
    assert "negative" in editor.errors.text("amount")
    assert ctx.read(lambda s: s.exec(select(Customer)).all()) == []


def test_duplicate_warning_offers_the_existing_customer(qtbot, ctx, monkeypatch) -> None:
    seed(ctx, ("Acme Co., Ltd.", 10))
    editor = CustomerEditor(ctx)
    qtbot.addWidget(editor)
    editor.name.setText("ACME")
    chosen: dict[str, object] = {}

    def fake_exec(box: QMessageBox) -> int:
        chosen["text"] = box.informativeText()
        open_button = next(b for b in box.findChildren(QPushButton) if b.text() == "Open existing")
        open_button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    with qtbot.waitSignal(editor.open_existing) as signal:
        editor.save()
    existing = ctx.read(lambda s: s.exec(select(Customer)).one())
    assert signal.args == [existing.id]
    assert "Acme Co., Ltd." in str(chosen["text"])
    assert ctx.read(lambda s: len(s.exec(select(Customer)).all())) == 1


def test_drop_on_another_column_changes_the_state_in_the_database(qtbot, ctx) -> None:
    seed(ctx, ("Mover", 10), ("Stayer", 20))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    page.show()  # hidden pages reload only when shown (ui/common/reload.py)
    source = page.columns["to_contact"].model
    mime = source.mimeData([source.index(0)])
    target = page.columns["visited"].model
    assert target.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    mover = ctx.read(lambda s: s.exec(select(Customer).where(Customer.name == "Mover")).one())
    assert mover.state == "visited" and mover.state_since == ctx.now()
    event = ctx.read(lambda s: s.exec(select(TimelineEvent).where(
        TimelineEvent.kind == "state_changed")).one())
    assert event.customer_id == mover.id
    assert names(page, "visited") == ["Mover"] and names(page, "to_contact") == ["Stayer"]


def test_search_box_filters_the_board(qtbot, ctx) -> None:
    seed(ctx, ("上海云帆", 10), ("Northwind Traders", 20), ("Contoso", 30))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.search, "north")
    qtbot.waitUntil(lambda: names(page, "to_contact") == ["Northwind Traders"])
    page.search.setText("云帆")
    qtbot.waitUntil(lambda: names(page, "to_contact") == ["上海云帆"])
    page.search.clear()
    qtbot.waitUntil(lambda: len(names(page, "to_contact")) == 3)


def test_main_window_pages_and_opening_a_customer(qtbot, ctx) -> None:
    seed(ctx, ("Alpha", 10))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    board = window.show_page("board")
    assert isinstance(board, BoardPage)
    view = board.columns["to_contact"].view
    index = view.model().index(0, 0)
    customer_id = index.data(CustomerIdRole)
    opened = window.open_customer(customer_id)
    assert isinstance(opened, CustomerPage)
    assert window.stack.currentWidget() is opened and opened.name.text() == "Alpha"
    customers = window.show_page("customers")
    assert isinstance(customers, CustomersPage)
    assert customers.model.rowCount() == 1
    for key in ("home", "calendar", "todos", "needs"):
        assert window.show_page(key) is window.stack.currentWidget()


def test_window_geometry_is_remembered(qtbot, ctx) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    assert not first.restore_geometry()  # nothing saved yet: the default size
    first.resize(first.minimumSizeHint().width(), 530)  # fits the 800-px test screen
    on_screen(qtbot, first)
    size = first.size()
    first.hide()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.height() != size.height()  # a new window starts at the default size…
    assert second.restore_geometry()
    # …and comes back to the user's size (Qt clamps the width to the 800-px test screen)
    assert (second.height(), second.width()) == (size.height(), min(size.width(), 798))


def test_columns_load_a_page_and_fetch_more_on_demand(qtbot, ctx, monkeypatch) -> None:
    from mycrm.ui.board.model import BoardColumnModel

    monkeypatch.setattr(BoardColumnModel, "PAGE_SIZE", 2)
    seed(ctx, ("E", None), ("D", 40), ("C", 30), ("B", 20), ("A", -1))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    column = page.columns["to_contact"]
    model = column.model
    assert names(page, "to_contact") == ["A", "B"]  # one page; the true count in the title
    assert column.title.text().endswith("5") and model.total() == 5
    assert model.canFetchMore(QModelIndex())
    ModelTester(None).check(model)  # fetches while it checks
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert names(page, "to_contact") == ["A", "B", "C", "D", "E"]
    page.show()
    ctx.run(create_customer, data=CustomerInput(name="F"))
    # a reload keeps as many cards as were loaded; the new last one comes with the next page
    assert names(page, "to_contact") == ["A", "B", "C", "D", "E"]
    assert column.title.text().endswith("6") and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert names(page, "to_contact") == ["A", "B", "C", "D", "E", "F"]


def test_view_fetches_more_when_scrolled_to_the_end(qtbot, ctx, monkeypatch) -> None:
    from mycrm.ui.board.model import BoardColumnModel

    monkeypatch.setattr(BoardColumnModel, "PAGE_SIZE", 3)
    seed(ctx, *((f"N{i:02d}", i) for i in range(30)))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (900, 400))
    view = page.columns["to_contact"].view
    model = page.columns["to_contact"].model
    qtbot.waitUntil(lambda: model.rowCount() >= 3)
    before = model.rowCount()
    assert before < 30
    view.scrollToBottom()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: model.rowCount() > before)


def test_selection_survives_a_reload_that_reorders_the_column(qtbot, ctx) -> None:
    seed(ctx, ("Keep", 20), ("Other", 30))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    view = page.columns["to_contact"].view
    model = page.columns["to_contact"].model
    view.setCurrentIndex(model.index(0))
    seed(ctx, ("Earlier", 5))  # a new first card: the rows move, the model resets
    assert names(page, "to_contact") == ["Earlier", "Keep", "Other"]
    assert [i.data() for i in view.selectionModel().selectedIndexes()] == ["Keep"]
    assert view.currentIndex().data() == "Keep"


def test_ctrl_z_takes_back_a_board_move_until_something_else_changes(
        qtbot, ctx) -> None:
    seed(ctx, ("Moved", 5), ("Other", 9))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    on_screen(qtbot, window)
    board = window.show_page("board")
    assert isinstance(board, BoardPage)
    moved = ctx.read(lambda s: s.exec(select(Customer).where(Customer.name == "Moved")).one())
    board.move_customers([moved.id], "in_touch")
    qtbot.waitUntil(lambda: names(board, "in_touch") == ["Moved"])
    assert window.undo_action.isEnabled()
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    window.undo_action.trigger()  # Ctrl+Z (offscreen windows are never active for shortcuts)
    qtbot.waitUntil(lambda: names(board, "to_contact") == ["Moved", "Other"])
    assert names(board, "in_touch") == []
    assert "undone" in window.statusBar().currentMessage()
    assert not window.undo_action.isEnabled(), "once"
    events = ctx.read(lambda s: s.exec(select(TimelineEvent).where(
        TimelineEvent.customer_id == moved.id, TimelineEvent.kind == "state_changed")).all())
    assert events == [], "the move is gone from the timeline"
    board.move_customers([moved.id], "visited")
    seed(ctx, ("Newcomer", 20))  # another change: the move can no longer be undone
    assert not window.undo_action.isEnabled()
    assert window.undo() == ""
    qtbot.waitUntil(lambda: names(board, "visited") == ["Moved"])
