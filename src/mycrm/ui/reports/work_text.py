"""The work report in words (周报 / 月报): :class:`core.reports.work.WorkReport` →
:class:`blocks.Document`. Every figure is the report's (Home's), never recounted here."""

from __future__ import annotations

from mycrm.core.db.kinds import GoalMetric, GoalPeriod
from mycrm.core.home.progress import METRICS
from mycrm.core.reports.lines import TodoLine
from mycrm.core.reports.periods import PeriodKind
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


def _goal_heading(goal_period: str) -> str:
    return {GoalPeriod.MONTH.value: _t("Month goal"),
            GoalPeriod.QUARTER.value: _t("Quarter goal"),
            GoalPeriod.YEAR.value: _t("Year goal")}.get(goal_period, goal_period)


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
    return [Table((_t("Figure"), _t("This period"), _goal_heading(r.goal_period),
                   _t("Reached")), tuple(rows), (34, 22, 28, 16))]


def _visits(r: WorkReport) -> list[Block]:
    if not r.visits:
        return [Paragraph(_t("No visit or QBR in this period."), muted=True)]
    return [Table((_t("When"), _t("Customer"), _t("Kind")), tuple(
        (when_text(v.at, r.zone), v.customer_name, kind_label(v.kind)) for v in r.visits),
        (24, 56, 20))]


def _renewals(r: WorkReport) -> list[Block]:
    count = r.figures[GoalMetric.RENEWALS_COUNT.value]
    amount = r.figures[GoalMetric.RENEWALS_AMOUNT.value]
    if not r.renewals:
        return [Paragraph(_t("No renewal signed in this period."), muted=True)]
    return [Paragraph(_t("%n renewal(s) signed, %1 in total.", count).replace(
                "%1", money(amount))),
            Table((_t("Customer"), _t("Signed"), _t("Until"), _t("Amount")), tuple(
                (x.customer_name, day_text(x.signed_on, r.zone), day_text(x.end_date, r.zone),
                 money(x.amount_cents, x.currency)) for x in r.renewals), (46, 18, 18, 18))]


def _needs(r: WorkReport) -> list[Block]:
    if not r.new_needs:
        return [Paragraph(_t("No new need in this period."), muted=True)]
    return [Table((_t("Customer"), _t("Need"), _t("Amount")), tuple(
        (n.customer_name, n.title, money(n.amount_cents) if n.amount_cents else DASH)
        for n in r.new_needs), (40, 42, 18))]


TODO_ROWS = 40  # a report lists this many to-dos per table, then says how many more


def _todo_rows(todos: tuple[TodoLine, ...], zone: str, done: bool) -> list[Block]:
    """The first ``TODO_ROWS`` to-dos as a table (a report to hand on, not the To-dos page),
    then "and N more" — the figures above still count them all."""
    shown = todos[:TODO_ROWS]
    blocks: list[Block] = [Table(
        (_t("To-do"), _t("Customer"), _t("Done") if done else _t("Due")), tuple(
            (t.title, t.customer_name or DASH, when_text(t.done_at if done else t.due, zone))
            for t in shown), (48, 32, 20))]
    if len(todos) > len(shown):
        blocks.append(Paragraph(_t("and %n more", len(todos) - len(shown)), muted=True))
    return blocks


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
        blocks.append(Table((_t("Customer"), _t("Tier"), _t("Renewal date"), _t("Days left")),
                            tuple((x.customer_name, x.tier, day_text(x.renewal_date, r.zone),
                                   fmt.days_left_text(x.days_left)) for x in r.renewals_due),
                            (50, 10, 20, 20)))
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
