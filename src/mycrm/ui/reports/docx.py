"""A report as a Word document (.docx, opens in Word and WPS), through python-docx.

python-docx sets a run's font for Latin text only; Chinese takes the theme's East Asian
font unless ``w:rFonts/@w:eastAsia`` is set, so every style used here names it. Texts are
added as runs (literal text; a line break becomes a Word line break); characters XML cannot
hold (control characters) are dropped rather than failing the save.
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from mycrm.ui.reports.blocks import (
    BarChart,
    Bullets,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    Title,
)
from mycrm.ui.reports.chart import CHART_MM, chart_png
from mycrm.ui.reports.pdf import report_font_family

LATIN_FONT = "Calibri"
ACCENT, MUTED, HEADER_BG = RGBColor(0x1F, 0x4E, 0x79), RGBColor(0x66, 0x70, 0x80), "E8EEF5"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHART_DPI = 200  # sharp in print, light in the file
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Table Grid")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def set_fonts(style_or_run: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the Latin and the East Asian font of a style or a run (``w:rFonts``)."""
    style_or_run.font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names


def _setup(document: Any, title: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(16), Mm(16)
    east_asian = report_font_family()
    for name in STYLES:
        set_fonts(document.styles[name], east_asian)
    document.styles["Normal"].font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = ACCENT
    document.core_properties.title = xml_safe(title)[:255]
    document.core_properties.author = ""


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """The row repeats at the top of every page the table spans (``w:tblHeader``)."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fill(cell: Any, text: str, *, bold: bool = False, muted: bool = False,
          size: float = 9) -> None:
    run = cell.paragraphs[0].add_run(xml_safe(text))
    run.bold = bold
    run.font.size = Pt(size)
    if muted:
        run.font.color.rgb = MUTED


def _table(document: Any, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _fill(cell, header, bold=True)
        _shade(cell, HEADER_BG)
    _repeat_header(grid.rows[0])
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            _fill(cell, text)
    if table.widths:
        width = Mm(210 - 36)
        for column, share in zip(grid.columns, table.widths, strict=True):
            for cell in column.cells:
                cell.width = int(width * share / 100)
    document.add_paragraph()


def _facts(document: Any, facts: Facts) -> None:
    grid = document.add_table(rows=0, cols=2)
    for label, value in facts.rows:
        cells = grid.add_row().cells
        _fill(cells[0], label, muted=True, size=10)
        _fill(cells[1], value, size=10)
        cells[0].width, cells[1].width = Mm(45), Mm(129)


def _chart(document: Any, chart: BarChart) -> None:
    """The chart as an inline picture (a PNG made in memory), described by its caption."""
    png = chart_png(chart, CHART_DPI, report_font_family())
    shape = document.add_paragraph().add_run().add_picture(io.BytesIO(png),
                                                           width=Mm(CHART_MM[0]))
    shape._inline.docPr.set("descr", xml_safe(chart.caption))


def _muted(document: Any, text: str, style: str | None = None) -> None:
    run = document.add_paragraph(style=style).add_run(xml_safe(text))
    run.font.color.rgb = MUTED
    run.italic = style is None


def build_docx(document: Document) -> Any:
    """The report as a python-docx ``Document`` (to save, or to inspect in tests)."""
    out = docx.Document()
    _setup(out, document.title)
    for block in document.blocks:
        if isinstance(block, Title):
            out.add_paragraph(style="Title").add_run(xml_safe(block.text))
            for line in block.subtitle:
                _muted(out, line, "Subtitle")
        elif isinstance(block, Heading):
            out.add_paragraph(style=f"Heading {min(block.level, 2)}").add_run(
                xml_safe(block.text))
        elif isinstance(block, Paragraph):
            if block.muted:
                _muted(out, block.text)
            else:
                out.add_paragraph().add_run(xml_safe(block.text))
        elif isinstance(block, Facts):
            _facts(out, block)
        elif isinstance(block, Table):
            _table(out, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                out.add_paragraph(style="List Bullet").add_run(xml_safe(item))
        elif isinstance(block, BarChart):
            _chart(out, block)
    return out


def render_docx(document: Document) -> bytes:
    buffer = io.BytesIO()
    build_docx(document).save(buffer)
    return buffer.getvalue()
