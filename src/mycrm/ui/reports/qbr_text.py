"""The QBR report in words: :class:`core.reports.qbr.QbrReport` → :class:`blocks.Document`.

The user ticks the sections (:class:`QbrSection`); the title and the period always show.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from mycrm.core.db.kinds import ContractKind, InteractionKind
from mycrm.core.reports.lines import RecordLine, TodoLine
from mycrm.core.reports.qbr import NextStep, NextStepKind, QbrReport
from mycrm.ui.common import fmt
from mycrm.ui.common.labels import kind_label, need_status_label, state_label
from mycrm.ui.home.dashboard_text import reason_text
from mycrm.ui.reports.blocks import (
    Bar,
    BarChart,
    Block,
    Bullets,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    Title,
)
from mycrm.ui.reports.words import (
    DASH,
    _t,
    day_text,
    money,
    period_text,
    prepared_text,
    todo_status,
    when_text,
)


class QbrSection(StrEnum):
    CUSTOMER = "customer"
    CONTRACT = "contract"
    GOALS = "goals"
    VALUE = "value"
    HISTORY = "history"
    COMMITMENTS = "commitments"
    TODOS = "todos"
    NEEDS = "needs"
    RISK = "risk"
    NEXT_STEPS = "next_steps"


ALL_SECTIONS = frozenset(QbrSection)


def section_label(section: QbrSection) -> str:
    """The section's heading, also the label of its tick box."""
    return {
        QbrSection.CUSTOMER: _t("Customer and contacts"),
        QbrSection.CONTRACT: _t("Contract and renewal"),
        QbrSection.GOALS: _t("Goals for the year"),
        QbrSection.VALUE: _t("Value delivered"),
        QbrSection.HISTORY: _t("Service history"),
        QbrSection.COMMITMENTS: _t("Last QBR's commitments"),
        QbrSection.TODOS: _t("To-dos"),
        QbrSection.NEEDS: _t("Needs"),
        QbrSection.RISK: _t("Risk signal"),
        QbrSection.NEXT_STEPS: _t("Next steps"),
    }[section]


def _customer(r: QbrReport) -> list[Block]:
    c = r.customer
    facts = [(_t("Customer"), c.name), (_t("Industry"), c.industry or DASH),
             (_t("Tier"), c.tier), (_t("State"), state_label(c.state))]
    blocks: list[Block] = [Facts(tuple(facts))]
    if r.contacts:
        blocks.append(Table((_t("Contact"), _t("Title"), _t("Phone"), _t("E-mail")), tuple(
            ((p.name + (" ★" if p.is_primary else "")), p.title or DASH, p.phone or DASH,
             p.email or DASH) for p in r.contacts), (24, 24, 22, 30)))
    else:
        blocks.append(Paragraph(_t("No contact recorded."), muted=True))
    return blocks


def _contract(r: QbrReport) -> list[Block]:
    c = r.customer
    facts = [(_t("Renewal date"), day_text(c.renewal_date, r.zone)),
             (_t("Renewal due"), fmt.days_left_text(c.days_left)),
             (_t("Current amount"), money(c.amount_cents, c.currency) if r.contracts else DASH),
             (_t("Last visit"), day_text(c.last_visit_at, r.zone))]
    if c.lost_on is not None:
        facts.append((_t("Lost on"), day_text(c.lost_on, r.zone)))
        facts.append((_t("Reason"), c.lost_reason or DASH))
    blocks: list[Block] = [Facts(tuple(facts))]
    if not r.contracts:
        blocks.append(Paragraph(_t("No contract recorded."), muted=True))
        return blocks
    kinds = {ContractKind.NEW.value: _t("New contract"), ContractKind.RENEWAL.value: _t("Renewal")}
    blocks.append(Heading(_t("Renewal history"), 2))
    chart = renewals_chart(r)
    if chart is not None:
        blocks.append(chart)
    blocks.append(Table((_t("Contract"), _t("Signed"), _t("From"), _t("Until"), _t("Amount")),
                        tuple((kinds.get(k.kind, k.kind), day_text(k.signed_on, r.zone),
                               day_text(k.start_date, r.zone), day_text(k.end_date, r.zone),
                               money(k.amount_cents, k.currency)) for k in r.contracts),
                        (20, 18, 18, 18, 26)))
    return blocks


CHART_BARS = 8  # the latest contracts the renewals chart shows


def renewals_chart(r: QbrReport) -> BarChart | None:
    """The amount of each contract, oldest first (the latest ``CHART_BARS``), labelled by
    its end date. None with fewer than two contracts (one bar says nothing the facts do
    not) or with amounts in several currencies (they share no scale)."""
    contracts = list(reversed(r.contracts))[-CHART_BARS:]  # the report's are latest first
    if len(contracts) < 2 or len({k.currency for k in contracts}) > 1:
        return None
    return BarChart(_t("Amount per contract"), tuple(
        Bar(day_text(k.end_date or k.signed_on or k.start_date, r.zone), k.amount_cents,
            money(k.amount_cents, k.currency)) for k in contracts))


def _goals(r: QbrReport) -> list[Block]:
    if not r.customer.year_goals:
        return [Paragraph(_t("No goal recorded for the year."), muted=True)]
    return [Paragraph(r.customer.year_goals)]


def _value(r: QbrReport) -> list[Block]:
    if not r.customer.value_delivered:
        return [Paragraph(_t("No delivered value recorded."), muted=True)]
    return [Paragraph(r.customer.value_delivered)]


def record_counts_text(counts: dict[str, int]) -> str:
    """E.g. "3 records: 1 QBR, 2 Call" in the kinds' order."""
    total = sum(counts.values())
    parts = [f"{counts[k.value]} {kind_label(k.value)}" for k in InteractionKind
             if counts.get(k.value)]
    return _t("%n record(s)", total) + (": " + ", ".join(parts) if parts else "")


def _record_row(record: RecordLine, zone: str) -> tuple[str, ...]:
    kind = kind_label(record.kind)
    if record.attendees:
        kind += "\n" + record.attendees
    return (when_text(record.occurred_at, zone), kind, record.discussion or DASH,
            record.feedback or DASH, record.next_steps or DASH)


def _history(r: QbrReport) -> list[Block]:
    if not r.records:
        return [Paragraph(_t("No service record in this period."), muted=True)]
    return [Paragraph(record_counts_text(r.record_counts)),
            Table((_t("When"), _t("Kind · attendees"), _t("Discussed"), _t("Customer feedback"),
                   _t("Next steps")), tuple(_record_row(x, r.zone) for x in r.records),
                  (14, 14, 32, 20, 20))]


def _todo_table(todos: tuple[TodoLine, ...], zone: str) -> Table:
    return Table((_t("To-do"), _t("Due"), _t("Status")),
                 tuple((t.title, when_text(t.due, zone), todo_status(t, zone)) for t in todos),
                 (56, 22, 22))


def _commitments(r: QbrReport) -> list[Block]:
    if r.last_qbr is None:
        return [Paragraph(_t("No QBR recorded before the end of this period."), muted=True)]
    day = day_text(r.last_qbr.occurred_at, r.zone)
    if not r.commitments:
        return [Paragraph(_t("No to-do was written with the QBR of %1.").replace("%1", day),
                          muted=True)]
    return [Paragraph(_t("Promised at the QBR of %1:").replace("%1", day)),
            _todo_table(r.commitments, r.zone)]


def _todos(r: QbrReport) -> list[Block]:
    blocks: list[Block] = [Heading(_t("Done in this period"), 2)]
    blocks.append(_todo_table(r.todos_done, r.zone) if r.todos_done
                  else Paragraph(_t("No to-do was done in this period."), muted=True))
    blocks.append(Heading(_t("Still open"), 2))
    blocks.append(_todo_table(r.todos_open, r.zone) if r.todos_open
                  else Paragraph(_t("Nothing is open."), muted=True))
    return blocks


def _needs(r: QbrReport) -> list[Block]:
    if not r.needs:
        return [Paragraph(_t("No need recorded."), muted=True)]
    return [Table((_t("Need"), _t("Amount"), _t("Status"), _t("Follow up on")), tuple(
        (n.title + ("\n" + n.detail if n.detail else ""),
         money(n.amount_cents) if n.amount_cents else DASH, need_status_label(n.status),
         day_text(n.follow_up_on, r.zone)) for n in r.needs), (52, 16, 14, 18))]


def _risk(r: QbrReport) -> list[Block]:
    if not r.risk:
        return [Paragraph(_t("Not at risk: no near renewal together with a lapsed visit, an "
                             "overdue to-do or an open complaint."), muted=True)]
    return [Paragraph(_t("At risk, because:")), Bullets(tuple(reason_text(x) for x in r.risk))]


def next_step_text(step: NextStep, zone: str) -> str:
    if step.kind is NextStepKind.RENEWAL:
        return _t("Renewal on %1 (%2)").replace("%1", day_text(step.due, zone)).replace(
            "%2", fmt.days_left_text(step.days_left))
    if step.kind is NextStepKind.AGREED:
        return _t("Agreed on %1: %2").replace("%1", day_text(step.due, zone)).replace(
            "%2", step.text)
    if step.due is None:
        return step.text
    label = _t("%1 — overdue since %2") if step.overdue else _t("%1 — due %2")
    when = (when_text(step.due, zone) if isinstance(step.due, datetime)
            else day_text(step.due, zone))
    return label.replace("%1", step.text).replace("%2", when)


def _next_steps(r: QbrReport) -> list[Block]:
    if not r.next_steps:
        return [Paragraph(_t("Nothing planned yet."), muted=True)]
    return [Bullets(tuple(next_step_text(s, r.zone) for s in r.next_steps))]


_BUILDERS = {
    QbrSection.CUSTOMER: _customer, QbrSection.CONTRACT: _contract,
    QbrSection.GOALS: _goals, QbrSection.VALUE: _value,
    QbrSection.HISTORY: _history, QbrSection.COMMITMENTS: _commitments,
    QbrSection.TODOS: _todos, QbrSection.NEEDS: _needs, QbrSection.RISK: _risk,
    QbrSection.NEXT_STEPS: _next_steps,
}


def qbr_document(report: QbrReport, sections: frozenset[QbrSection] = ALL_SECTIONS) -> Document:
    """The report worded in the current language, with the ticked ``sections`` in order."""
    title = Title(report.customer.name, (
        _t("QBR report") + " · " + period_text(report.period),
        prepared_text(report.now, report.zone)))
    blocks: list[Block] = [title]
    if report.is_empty:
        blocks.append(Paragraph(_t("Nothing was recorded for this customer in this period."),
                                muted=True))
    for section in QbrSection:
        if section in sections:
            blocks.append(Heading(section_label(section)))
            blocks += _BUILDERS[section](report)
    return Document(_t("QBR report") + " · " + report.customer.name, tuple(blocks))
