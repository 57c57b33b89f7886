"""Home: goals follow the records, needs-attention rows open the right thing, empty state."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.home.goals import set_goal
from mycrm.core.home.progress import goal_progress
from mycrm.core.records import services as records
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.actions import Action
from mycrm.ui.home.goals_dialog import GoalsDialog
from mycrm.ui.home.page import BAR_SCALE, HomePage


def add_customer(ctx, name: str, renew_in: int | None = None) -> int:
    renewal = None if renew_in is None else ctx.today() + timedelta(days=renew_in)
    return ctx.run(create_customer, data=CustomerInput(name=name, renewal_date=renewal)).id


def log_visit(ctx, cid: int, at: datetime) -> None:
    ctx.run(records.log_interaction,
            data=records.InteractionInput(customer_id=cid, kind="visit", occurred_at=at))


def test_goal_and_visit_move_the_progress_bar(qtbot, ctx, now) -> None:
    cid = add_customer(ctx, "Acme")
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.show()  # a visible page reloads on every change (a hidden one when shown)
    bar = page.goals.bars["visits"]
    assert bar.value() == 0 and not bar.isEnabled()
    ctx.run(set_goal, metric="visits", period="month", day=ctx.today(), target=4)
    assert bar.isEnabled() and bar.value() == 0
    assert page.goals.values["visits"].text() == "0 / 4 · 0 %"
    log_visit(ctx, cid, now - timedelta(hours=1))
    assert bar.value() == BAR_SCALE // 4
    assert page.goals.values["visits"].text() == "1 / 4 · 25 %"
    # Source-language text ("(s)" is resolved by the English plural catalogue).
    assert page.goals.paces["visits"].text() == "3 more visit(s) in 9 day(s) · behind pace"
    log_visit(ctx, cid, datetime(2026, 10, 31, 12, tzinfo=now.tzinfo))  # last month
    assert bar.value() == BAR_SCALE // 4
    page.goals.tabs.setCurrentIndex(1)  # the quarter has no target: the bar is off
    assert not bar.isEnabled() and page.goals.values["visits"].text() == "2"


def test_clicking_an_attention_row_opens_the_customer(qtbot, ctx, now) -> None:
    add_customer(ctx, "Later Ltd", 80)
    soon = add_customer(ctx, "Soon GmbH", 10)
    todo = ctx.run(create_todo, data=TodoInput(title="Send quote", customer_id=soon,
                                               remind_wall=datetime(2026, 11, 20, 9),
                                               remind_tz="UTC")).id
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    model = page.attention_model
    ModelTester(None).check(model)
    titles = [model.index(r).data() for r in range(model.rowCount())]
    assert titles == ["Send quote", "Soon GmbH", "Later Ltd"]
    view = page.attention
    with qtbot.waitSignal(page.open_customer) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(model.index(1)).center())
    assert opened.args == [soon]
    with qtbot.waitSignal(page.action_requested) as action:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(model.index(0)).center())
    assert action.args == ["open_todo", todo]
    assert "never visited" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)


def test_quick_entry_buttons_request_actions(qtbot, ctx) -> None:
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert "Ctrl+L" in page.quick_buttons[Action.LOG_VISIT].toolTip()
    with qtbot.waitSignal(page.action_requested) as action:
        page.quick_buttons[Action.RECORD_RENEWAL].click()
    assert action.args == ["record_renewal", 0]


def test_new_user_sees_a_friendly_empty_state(qtbot, ctx) -> None:
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.empty
    add_customer(ctx, "First customer")
    assert page.stack.currentWidget() is not page.empty


def test_day_change_reloads(qtbot, ctx, now) -> None:
    cid = add_customer(ctx, "Acme")
    ctx.run(set_goal, metric="visits", period="month", day=ctx.today(), target=2)
    log_visit(ctx, cid, now)
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.goals.bars["visits"].value() == BAR_SCALE // 2
    ctx.set_clock(lambda: datetime(2026, 12, 1, 9, tzinfo=now.tzinfo))
    page.check_day()  # what the minute timer does
    assert page.day_label.text() and page._day == date(2026, 12, 1)
    assert page.goals.bars["visits"].value() == 0  # a new month, no target yet


def test_goals_dialog_saves_splits_and_refuses_bad_input(qtbot, ctx) -> None:
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.show()
    dialog = GoalsDialog(ctx, period="year")
    qtbot.addWidget(dialog)
    dialog.fields["visits"].setText("two")
    dialog.fields["renewals_amount"].setText("-5")
    dialog.save()
    assert "“two” is not a whole number" in dialog.errors.text("visits")
    assert "negative" in dialog.errors.text("renewals_amount")
    assert ctx.read(goal_progress, period="year", today=ctx.today(), zone="UTC")[0].target == 0
    dialog.fields["visits"].setText("48")
    dialog.fields["renewals_amount"].setText("1,200,000")
    dialog.split()
    assert dialog.status.text().startswith("32 ")  # 2 metrics × (4 quarters + 12 months)
    dialog.period_box.setCurrentIndex(0)  # month
    assert dialog.fields["visits"].text() == "4"
    assert dialog.fields["renewals_amount"].text() == "100000"
    page.goals.tabs.setCurrentIndex(0)
    assert page.goals.values["visits"].text() == "0 / 4 · 0 %"


def test_pace_text_for_amounts_and_met(qtbot, ctx, now) -> None:
    from mycrm.core.home.progress import GoalProgress, pace
    from mycrm.ui.common.fmt import format_money
    from mycrm.ui.home.dashboard_text import pace_text

    first, last = date(2026, 11, 1), date(2026, 11, 30)
    today = date(2026, 11, 22)
    progress = GoalProgress("renewals_amount", "month", first, last, 0, 500_000,
                            1, pace(0, 500_000, first, last, today))
    assert pace_text(progress) == (format_money(500_000) + " more in 9 day(s) · behind pace")
    assert "behind pace" in pace_text(progress)
    met = GoalProgress("visits", "month", first, last, 5, 5, 1, pace(5, 5, first, last, today))
    assert pace_text(met) == "Target reached"


def test_hidden_page_catches_up_when_shown(qtbot, ctx) -> None:
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty  # loaded at construction
    add_customer(ctx, "First customer")
    assert page.stack.currentWidget() is page.empty  # hidden: no re-query per change
    page.show()
    assert page.stack.currentWidget() is not page.empty


def test_capped_list_reports_the_true_total_and_opens_the_todos(qtbot, ctx) -> None:
    cid = add_customer(ctx, "Acme", 10)  # never visited, renewing: a risk row too
    for day in range(1, 6):
        ctx.run(create_todo, data=TodoInput(title=f"Call {day}", customer_id=cid,
                                            remind_wall=datetime(2026, 11, day, 9),
                                            remind_tz="UTC"))
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.attention_limit = 2
    page.show()
    page.reload()
    model = page.attention_model
    titles = [model.index(r).data() for r in range(model.rowCount())]
    # Two overdue to-dos (oldest first) and the customer's risk row; 3 to-dos not shown.
    assert titles == ["Call 1", "Call 2", "Acme"]
    assert page.attention_title.text() == "Needs attention · 6"
    assert page.attention_more.isVisible() and page.attention_more.text() == (
        "and 3 more not shown")
    assert page.show_all_todos.isVisible()
    with qtbot.waitSignal(page.page_requested) as requested:
        page.show_all_todos.click()
    assert requested.args == ["todos"]
    page.attention_limit = 50
    page.reload()
    assert model.rowCount() == 6 and not page.attention_more.isVisible()
    assert not page.show_all_todos.isVisible()


def test_portfolio_follows_changes(qtbot, ctx) -> None:
    """Unchanged figures leave the chart alone, but any change is shown at once."""
    add_customer(ctx, "Acme", 20)
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.show()
    counts = page.portfolio.state_counts["to_contact"]
    assert counts.text() == "1"
    page.reload()  # same figures: nothing to redraw, still right
    assert counts.text() == "1"
    add_customer(ctx, "Beta", 40)
    assert counts.text() == "2"


def test_a_screenshot_shows_changes_made_after_the_window_was_built(qtbot, ctx,
                                                                   tmp_path) -> None:
    """`--screenshot` runs the daily rules after building a window it never shows: Home
    must be rendered as it would look on screen, not as it was before the change."""
    from PySide6.QtGui import QImage

    from mycrm.ui.app.main_window import MainWindow

    add_customer(ctx, "Acme")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    home = window.show_page("home")
    assert isinstance(home, HomePage)
    assert home.portfolio.state_counts["to_contact"].text() == "1"
    add_customer(ctx, "Beta")  # e.g. the revisit rule moving a customer back
    assert window.save_screenshot(tmp_path / "home.png", "home")
    assert home.portfolio.state_counts["to_contact"].text() == "2"
    assert not QImage(str(tmp_path / "home.png")).isNull()
