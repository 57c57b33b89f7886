"""The reports as the customer sees them: the PDF's text reads back character for character
(Chinese included), page 1 is not blank, a long history paginates, the Word file has the
headings and the service-history rows, and whatever the user typed renders literally."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from sqlmodel import Session

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.home.goals import set_goal
from mycrm.core.records import services as records
from mycrm.core.records.renewals import RenewalInput, record_renewal
from mycrm.core.reports.periods import date_range, parse_month, week_of
from mycrm.core.reports.qbr import QbrReport, build_qbr_report
from mycrm.core.reports.work import build_work_report
from mycrm.ui.common import fmt
from mycrm.ui.reports import pdf
from mycrm.ui.reports.chart import ACCENT, CHART_MM
from mycrm.ui.reports.docx import build_docx, render_docx
from mycrm.ui.reports.markdown import escape, render_markdown, render_plain_text
from mycrm.ui.reports.qbr_text import ALL_SECTIONS, QbrSection, qbr_document, section_label
from mycrm.ui.reports.work_text import LIST_ROWS, work_document

pytestmark = pytest.mark.usefixtures("qapp")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="pdftotext/pdftoppm missing: install Debian's poppler-utils")

ZONE = "Asia/Shanghai"
NAME = "上海示日金科技有限公司"  # 示日金: the characters a PDF writer turned into radicals
DISCUSSION = "客户反馈导出速度慢，已记录并承诺两周内答复。Reviewed adoption 2026-10-30."
AMOUNT = 9_876_500  # cents


def _customer(session: Session, now: datetime, name: str = NAME, **extra: str) -> int:
    customer = create_customer(session=session, now=now - timedelta(days=300), data=CustomerInput(
        name=name, industry="软件", renewal_date=date(2027, 1, 15), amount=AMOUNT,
        contact=ContactInput(name="王芳", title="IT 总监", email="wang@example.com"), **extra))
    assert customer.id is not None
    return customer.id


def _records(session: Session, cid: int, now: datetime, count: int,
             discussion: str = DISCUSSION) -> None:
    for i in range(count):
        at = now - timedelta(days=count - i, hours=3)
        records.log_interaction(session=session, now=at, data=records.InteractionInput(
            customer_id=cid, kind="qbr" if i % 5 == 0 else "visit", occurred_at=at,
            attendees="王芳, Tom", discussion=discussion, feedback="满意 🙂",
            next_steps="发送报价"))


def _report(session: Session, now: datetime, records_count: int = 3,
            name: str = NAME) -> QbrReport:
    cid = _customer(session, now, name)
    _records(session, cid, now, records_count)
    return build_qbr_report(session, customer_id=cid, now=now, zone=ZONE,
                            period=date_range(date(2025, 1, 1), date(2026, 11, 22)))


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    # -raw: in drawing order, so a wrapped table cell reads as one text.
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    """Text without its layout (line breaks and spaces a wrapped cell adds)."""
    return re.sub(r"\s+", "", text)


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@needs_poppler
def test_pdf_text_reads_back_as_typed(session: Session, now: datetime, tmp_path: Path) -> None:
    document = qbr_document(_report(session, now))
    data = pdf.render_pdf(document)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data, tmp_path)
    for heading in document.headings():  # every section drawn, on whichever page
        assert _flat(heading) in _flat(text), heading
    for expected in (NAME, DISCUSSION, fmt.format_money(AMOUNT), "王芳", "发送报价"):
        assert _flat(expected) in _flat(text), expected
    assert not re.search("[\u2e80-\u2fdf]", text), "no CJK radical instead of an ideograph"


@needs_poppler
def test_pdf_page_one_is_not_blank(session: Session, now: datetime, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.render_pdf(qbr_document(_report(session, now))))
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path),
                    str(tmp_path / "page")], check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not image.isNull() and image.width() < image.height()  # A4 portrait
    inked = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
                if image.pixelColor(x, y).lightness() < 200)
    assert inked > 200


def test_a_long_history_paginates(session: Session, now: datetime) -> None:
    short = pdf.render_pdf(qbr_document(_report(session, now, 2, "Short")))
    long = pdf.render_pdf(qbr_document(_report(session, now, 120, "Long")))
    assert _pages(long) > _pages(short) + 3


def test_tables_repeat_their_header_row(session: Session, now: datetime) -> None:
    doc = pdf.build_text_document(qbr_document(_report(session, now, 40)))
    tables = [frame for frame in doc.rootFrame().childFrames()]
    assert any(t.format().toTableFormat().headerRowCount() == 1 for t in tables)


def test_docx_has_the_headings_and_the_history_rows(session: Session, now: datetime,
                                                     tmp_path: Path) -> None:
    report = _report(session, now, 4)
    document = qbr_document(report)
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(document))
    word = docx.Document(str(path))
    headings = [p.text for p in word.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert headings == document.headings()
    assert section_label(QbrSection.HISTORY) in headings
    headers = next(t.headers for t in document.tables() if len(t.headers) == 5
                   and t.headers[2] == "Discussed")
    history = next(t for t in word.tables
                   if tuple(c.text for c in t.rows[0].cells) == headers)
    body = [[c.text for c in row.cells] for row in history.rows[1:]]
    assert len(body) == len(report.records) == 4
    assert all(row[2] == DISCUSSION and row[4] == "发送报价" for row in body)
    assert any(p.text == NAME for p in word.paragraphs)
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == pdf.report_font_family()


@pytest.mark.parametrize("name", ["<b>x</b>", "客户🚀😀 & <i>", "长" * 2_500 + "x" * 2_500])
def test_user_text_renders_literally(session: Session, now: datetime, tmp_path: Path,
                                     name: str) -> None:
    report = _report(session, now, 2, name[:200])  # the service keeps at most 200
    document = qbr_document(report)
    data = pdf.render_pdf(document)
    word = build_docx(document)
    assert word.paragraphs[0].text == name[:200]
    assert escape(name[:200]) in render_markdown(document)
    assert name[:200] in render_plain_text(document)
    if shutil.which("pdftotext") and name.startswith("<b>"):
        assert "<b>x</b>" in _pdf_text(data, tmp_path)
    long = name[:10] + "🙂" + "很长的讨论" * 1_000  # 5,000 characters of discussion
    cid = report.customer.id
    _records(session, cid, now, 1, discussion=long)
    big = qbr_document(build_qbr_report(session, customer_id=cid, now=now, zone=ZONE,
                                        period=report.period))
    assert _pages(pdf.render_pdf(big)) > _pages(data)
    render_docx(big)


def test_markdown_escapes_and_keeps_line_breaks() -> None:
    assert escape("<b>x</b> *y* [a](b) | c") == r"\<b\>x\</b\> \*y\* \[a\]\(b\) \| c"
    from mycrm.ui.reports.blocks import Document, Table

    md = render_markdown(Document("t", (Table(("A", "B"), (("one\ntwo", "|"),)),)))
    assert "| one<br>two | \\| |" in md


def test_sections_can_be_left_out(session: Session, now: datetime) -> None:
    report = _report(session, now)
    document = qbr_document(report, frozenset({QbrSection.HISTORY, QbrSection.RISK}))
    assert document.headings() == [section_label(QbrSection.HISTORY),
                                   section_label(QbrSection.RISK)]
    assert len(qbr_document(report).headings()) > len(ALL_SECTIONS)  # with sub-headings


def test_empty_period_says_so(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    report = build_qbr_report(session, customer_id=cid, now=now, zone=ZONE,
                              period=parse_month("2026-01"))
    assert "Nothing was recorded" in render_plain_text(qbr_document(report))
    work = build_work_report(session, period=parse_month("2026-01"), now=now, zone=ZONE)
    assert "Nothing was recorded in this period." in render_plain_text(work_document(work))
    assert pdf.render_pdf(work_document(work)).startswith(b"%PDF")


@needs_poppler
def test_work_report_pdf_and_docx(session: Session, now: datetime, tmp_path: Path) -> None:
    cid = _customer(session, now)
    _records(session, cid, now, 5)
    work = build_work_report(session, period=parse_month("2026-11"), now=now, zone=ZONE)
    document = work_document(work)
    text = _flat(_pdf_text(pdf.render_pdf(document), tmp_path))
    assert _flat("Monthly report") in text and NAME in text
    word = build_docx(document)
    visits = next(t for t in word.tables
                  if [c.text for c in t.rows[0].cells] == ["When", "Customer", "Kind"])
    assert len(visits.rows) - 1 == len(work.visits) == work.figures["visits"]


def test_shared_glyphs_are_written_as_typed() -> None:
    family = pdf.report_font_family()
    if not family.startswith("Noto Sans CJK"):
        pytest.skip(f"the shared glyphs are those of Noto Sans CJK, not {family}")
    fixes = pdf.typed_code_points("示日金 客户 a – b", family)
    assert fixes[0x2F70] == ord("示") and fixes[0x2F3E] == ord("户")
    assert fixes[0x2012] == ord("–")
    assert ord("⽰") not in pdf.typed_code_points("⽰ 示", family)  # both typed: left alone


def test_to_unicode_destinations_are_rewritten_in_place() -> None:
    cmap = (b"stream\nbegincmap\n2 beginbfrange\n<0000> <0000> <0000>\n"
            b"<0001> <0004> [<2F70> <2F47> <0041> <2012> ]\n<0005> <0007> <2F70>\nendbfrange\n"
            b"1 beginbfchar\n<2F70> <2F70>\nendbfchar\nendcmap\n")
    fixed = pdf.rewrite_to_unicode(cmap, {0x2F70: 0x793A, 0x2F47: 0x65E5, 0x2012: 0x2013})
    assert b"[<793A> <65E5> <0041> <2013> ]" in fixed
    assert b"<0005> <0007> <2F70>" in fixed  # a linear range is left as it is
    assert b"<2F70> <793A>" in fixed  # the glyph id (the source) is kept
    assert len(fixed) == len(cmap)


def test_report_font_is_a_chinese_face() -> None:
    from PySide6.QtGui import QFontDatabase

    family = pdf.report_font_family()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


GOALS = "2027 年目标：上线移动端审批\n覆盖 3 个工厂、600 名用户"
VALUE = "月结从 5 天缩短到 2 天; saved 2 FTE"


def _qbr(session: Session, now: datetime, cid: int) -> QbrReport:
    return build_qbr_report(session, customer_id=cid, now=now, zone=ZONE,
                            period=date_range(date(2026, 1, 1), date(2026, 11, 22)))


@needs_poppler
def test_qbr_pdf_has_the_goals_and_the_value_delivered(session: Session, now: datetime,
                                                       tmp_path: Path) -> None:
    cid = _customer(session, now, year_goals=GOALS, value_delivered=VALUE)
    _records(session, cid, now, 2)
    document = qbr_document(_qbr(session, now, cid))
    text = _flat(_pdf_text(pdf.render_pdf(document), tmp_path))
    for expected in (section_label(QbrSection.GOALS), GOALS, section_label(QbrSection.VALUE),
                     VALUE):
        assert _flat(expected) in text, expected
    assert GOALS in render_plain_text(document)  # its line break kept
    without = qbr_document(_qbr(session, now, cid), ALL_SECTIONS - {QbrSection.GOALS})
    assert _flat(GOALS) not in _flat(_pdf_text(pdf.render_pdf(without), tmp_path))


def test_goals_not_recorded_say_so(session: Session, now: datetime) -> None:
    text = render_plain_text(qbr_document(_qbr(session, now, _customer(session, now))))
    assert section_label(QbrSection.GOALS) in text and section_label(QbrSection.VALUE) in text
    assert "No goal recorded for the year." in text
    assert "No delivered value recorded." in text


def _accent_pixels(image: QImage) -> int:
    return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y) == ACCENT)


def test_the_renewals_chart_needs_two_contracts(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    one = _qbr(session, now, cid)
    assert len(one.contracts) == 1
    document = qbr_document(one)
    assert document.charts() == [] and len(build_docx(document).inline_shapes) == 0
    assert b"/Subtype /Image" not in pdf.render_pdf(document)

    record_renewal(session=session, now=now, data=RenewalInput(
        customer_id=cid, signed_on=date(2026, 11, 20), end_date=date(2028, 1, 15),
        amount=12_000_000))
    two = qbr_document(_qbr(session, now, cid))
    [chart] = two.charts()
    assert [b.value for b in chart.bars] == [AMOUNT, 12_000_000]  # oldest first
    word = build_docx(two)
    [shape] = word.inline_shapes
    assert abs(shape.width.mm - CHART_MM[0]) < 1
    embedded = shape._inline.graphic.graphicData.pic.blipFill.blip.embed  # the PNG's part
    picture = QImage.fromData(word.part.related_parts[embedded].blob)
    assert not picture.isNull() and _accent_pixels(picture) > 50  # the latest bar is drawn
    assert re.search(rb"/Subtype\s*/Image", pdf.render_pdf(two))
    without = qbr_document(_qbr(session, now, cid), ALL_SECTIONS - {QbrSection.CONTRACT})
    assert len(build_docx(without).inline_shapes) == 0


def test_the_chart_is_in_the_preview_document(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    record_renewal(session=session, now=now, data=RenewalInput(
        customer_id=cid, signed_on=date(2026, 11, 20), end_date=date(2028, 1, 15),
        amount=12_000_000))
    doc = pdf.build_text_document(qbr_document(_qbr(session, now, cid)))
    image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl("mycrm-chart:0"))
    assert isinstance(image, QImage) and _accent_pixels(image) > 10


def test_work_report_tables_are_bounded(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    _records(session, cid, now, LIST_ROWS + 5)
    today = local_today(now, ZONE)
    work = build_work_report(session, period=date_range(today - timedelta(days=60), today),
                             now=now, zone=ZONE)
    assert len(work.visits) == work.figures["visits"] == LIST_ROWS + 5  # all counted
    document = work_document(work)
    visits = next(t for t in document.tables() if t.headers == ("When", "Customer", "Kind"))
    assert len(visits.rows) == LIST_ROWS
    assert "and 5 more" in render_plain_text(document)
    word = build_docx(document)
    table = next(t for t in word.tables
                 if [c.text for c in t.rows[0].cells] == ["When", "Customer", "Kind"])
    assert len(table.rows) - 1 == LIST_ROWS


def test_a_week_report_labels_the_months_goals(session: Session, now: datetime) -> None:
    set_goal(session=session, now=now, metric="visits", period="month", day=date(2026, 11, 1),
             target=10)
    _records(session, _customer(session, now), now, 3)
    week = render_plain_text(work_document(build_work_report(
        session, period=week_of(local_today(now, ZONE)), now=now, zone=ZONE)))
    assert "Month goal 2026-11" in week and "Goals are set per month" in week
    month = render_plain_text(work_document(build_work_report(
        session, period=parse_month("2026-11"), now=now, zone=ZONE)))
    assert "Month goal 2026-11" in month and "Goals are set per month" not in month


_ = UTC  # the fixed clock (conftest.NOW) is UTC
