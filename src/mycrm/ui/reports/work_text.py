"""The work report in words (周报 / 月报): :class:`core.reports.work.WorkReport` →
:class:`blocks.Document`. Every figure is the report's (Home's), never recounted here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from mycrm.core.db.kinds import GoalMetric, GoalPeriod
from mycrm.core.home.progress import METRICS
from mycrm.core.reports.lines import TodoLine
from mycrm.core.reports.periods import Period, PeriodKind
from mycrm.core.reports.work import WorkReport
from mycrm.ui.common import fmt
from mycrm.ui.common.labels import kind_label
from mycrm.ui.home.dashboard_text import metric_label, metric_value
from mycrm.ui.reports.blocks import Block, Bullets, Document, Heading, Paragraph, Table, Title
from mycrm.ui.reports.words import (
    DASH,
    _t,
    day_text,
    money,
    period_text,
    prepared_text,
    when_text,
)


def report_title(report: WorkReport) -> str:
    return {PeriodKind.WEEK: _t("Weekly report"),
            PeriodKind.MONTH: _t("Monthly report")}.get(report.period.kind, _t("Work report"))


def goal_period_text(r: WorkReport) -> str:
    """The goals' own period: "2026-11", "2026 Q4" or "2026"."""
    if not r.goals:
        return ""
    first = r.goals[0].first
    if r.goal_period == GoalPeriod.QUARTER.value:
        return f"{first.year} Q{(first.month - 1) // 3 + 1}"
    if r.goal_period == GoalPeriod.YEAR.value:
        return str(first.year)
    return f"{first.year}-{first.month:02d}"


def _goal_heading(r: WorkReport) -> str:
    label = {GoalPeriod.MONTH.value: _t("Month goal %1"),
             GoalPeriod.QUARTER.value: _t("Quarter goal %1"),
             GoalPeriod.YEAR.value: _t("Year goal %1")}.get(r.goal_period, "%1")
    return label.replace("%1", goal_period_text(r)).strip()


def _goals_note(r: WorkReport) -> list[Block]:
    """Goals are set per month, quarter or year (as on Home): when the report covers other
    days — a week, a range — say whose goals stand beside its figures."""
    if not r.goals or (r.goals[0].first, r.goals[0].last) == (r.period.first, r.period.last):
        return []
    goal = r.goals[0]
    return [Paragraph(_t("Goals are set per month, quarter or year: the goals beside this "
                         "period's figures are those of %1 (%2), as Home shows them.")
                      .replace("%1", goal_period_text(r))
                      .replace("%2", period_text(Period(goal.first, goal.last))), muted=True)]


def _figures(r: WorkReport) -> list[Block]:
    goals = {g.metric: g for g in r.goals}
    rows = []
    for metric in METRICS:
        g = goals.get(metric.value)
        if g is None or g.target <= 0:
            goal, share = DASH, DASH
        else:
            goal = (metric_value(metric.value, g.done) + " / "
                    + metric_value(metric.value, g.target))
            share = fmt.format_percent(g.done, g.target)
        rows.append((metric_label(metric.value), metric_value(metric.value,
                                                               r.figures[metric.value]),
                     goal, share))
    return [Table((_t("Figure"), _t("This period"), _goal_heading(r), _t("Reached")),
                  tuple(rows), (34, 22, 28, 16)), *_goals_note(r)]


LIST_ROWS = 40  # a report lists this many rows per table, then says how many more
T = TypeVar("T")


def bounded_table(headers: tuple[str, ...], items: Sequence[T],
                  row: Callable[[T], tuple[str, ...]], widths: tuple[int, ...]) -> list[Block]:
    """The first ``LIST_ROWS`` items as a table of ``row(item)`` (a report to hand on, not
    the page the list comes from), then "and N more" — the figures above count them all."""
    blocks: list[Block] = [Table(headers, tuple(row(i) for i in items[:LIST_ROWS]), widths)]
    if len(items) > LIST_ROWS:
        blocks.append(Paragraph(_t("and %n more", len(items) - LIST_ROWS), muted=True))
    return blocks


def _visits(r: WorkReport) -> list[Block]:
    if not r.visits:
        return [Paragraph(_t("No visit or QBR in this period."), muted=True)]
    return bounded_table((_t("When"), _t("Customer"), _t("Kind")), r.visits, lambda v: (
        when_text(v.at, r.zone), v.customer_name, kind_label(v.kind)), (24, 56, 20))


def _renewals(r: WorkReport) -> list[Block]:
    count = r.figures[GoalMetric.RENEWALS_COUNT.value]
    amount = r.figures[GoalMetric.RENEWALS_AMOUNT.value]
    if not r.renewals:
        return [Paragraph(_t("No renewal signed in this period."), muted=True)]
    return [Paragraph(_t("%n renewal(s) signed, %1 in total.", count).replace(
                "%1", money(amount))),
            *bounded_table((_t("Customer"), _t("Signed"), _t("Until"), _t("Amount")),
                           r.renewals, lambda x: (
                               x.customer_name, day_text(x.signed_on, r.zone),
                               day_text(x.end_date, r.zone), money(x.amount_cents, x.currency)),
                           (46, 18, 18, 18))]


def _needs(r: WorkReport) -> list[Block]:
    if not r.new_needs:
        return [Paragraph(_t("No new need in this period."), muted=True)]
    return bounded_table((_t("Customer"), _t("Need"), _t("Amount")), r.new_needs, lambda n: (
        n.customer_name, n.title, money(n.amount_cents) if n.amount_cents else DASH),
        (40, 42, 18))


def _todo_rows(todos: tuple[TodoLine, ...], zone: str, done: bool) -> list[Block]:
    return bounded_table(
        (_t("To-do"), _t("Customer"), _t("Done") if done else _t("Due")), todos, lambda t: (
            t.title, t.customer_name or DASH, when_text(t.done_at if done else t.due, zone)),
        (48, 32, 20))


def _done(r: WorkReport) -> list[Block]:
    if not r.todos_done:
        return [Paragraph(_t("No to-do was done in this period."), muted=True)]
    return _todo_rows(r.todos_done, r.zone, done=True)


def _slipped(r: WorkReport) -> list[Block]:
    if not r.overdue:
        return [Paragraph(_t("Nothing is overdue."), muted=True)]
    return _todo_rows(r.overdue, r.zone, done=False)


def _plan(r: WorkReport) -> list[Block]:
    blocks: list[Block] = [Paragraph(period_text(r.next), muted=True),
                           Heading(_t("Renewals coming up"), 2)]
    if r.renewals_due:
        blocks.extend(bounded_table(
            (_t("Customer"), _t("Tier"), _t("Renewal date"), _t("Days left")),
            r.renewals_due, lambda x: (x.customer_name, x.tier, day_text(x.renewal_date, r.zone),
                                       fmt.days_left_text(x.days_left)), (50, 10, 20, 20)))
    else:
        blocks.append(Paragraph(_t("No renewal date in the next period."), muted=True))
    blocks.append(Heading(_t("To-dos due"), 2))
    if r.todos_due:
        blocks.extend(_todo_rows(r.todos_due, r.zone, done=False))
    else:
        blocks.append(Paragraph(_t("No to-do is due in the next period."), muted=True))
    blocks.append(Heading(_t("Back to To contact by the revisit rule"), 2))
    if not r.revisit_resets:
        blocks.append(Paragraph(_t("No customer was put back."), muted=True))
        return blocks
    names = [i.customer_name for i in r.revisit_resets]
    if r.revisit_total > len(names):
        names.append(_t("and %n more", r.revisit_total - len(names)))
    blocks.append(Bullets(tuple(names)))
    return blocks


def work_document(report: WorkReport) -> Document:
    """The work report worded in the current language."""
    title = report_title(report)
    blocks: list[Block] = [Title(title, (period_text(report.period),
                                         prepared_text(report.now, report.zone)))]
    if report.is_empty:
        blocks.append(Paragraph(_t("Nothing was recorded in this period."), muted=True))
    for heading, build in ((_t("Figures"), _figures), (_t("Visits and QBRs"), _visits),
                           (_t("Renewals signed"), _renewals), (_t("New needs"), _needs),
                           (_t("To-dos completed"), _done), (_t("Slipped (overdue)"), _slipped),
                           (_t("Next period's plan"), _plan)):
        blocks.append(Heading(heading))
        blocks += build(report)
    return Document(title + " · " + report.period.code, tuple(blocks))
