"""A report as a print-ready A4 PDF: the blocks laid out in a ``QTextDocument`` (through
``QTextCursor``, every text inserted as plain text, never HTML) and painted page by page on
a ``QPdfWriter`` — the writer is the layout's paint device, so point sizes are true.

Text copies out of the PDF as typed. Qt writes each font's ToUnicode map from the font's
character map alone: a glyph reached only through a substitution has no entry, and a glyph
shared by several code points gets the *lowest* of them. With the Noto CJK fonts that cost
two things, both probed with ``pdftotext``:

- the ``locl`` feature swaps the digits of a mixed Latin run ("A 2026") for localised
  glyphs the map does not know, so the digits vanished from copied text. The SC face
  (chosen by name, :func:`report_font_family`) already holds the Simplified Chinese forms,
  so ``locl`` is turned off in every format;
- a Kangxi radical is drawn with its ideograph's glyph (⽰ U+2F70 and 示 U+793A), and the
  SC face draws 戶 U+6236 with the glyph of 户 U+6237, so 示日金 copied out as ⽰⽇⾦ and 客户
  as 客⼾ (an en dash as a figure dash, too). :func:`rewrite_to_unicode` puts back the
  characters the report actually contains (:func:`typed_code_points`, from the font's own
  character map), in place and byte for byte the same length, so the file's
  cross-reference offsets stay valid.

Left to itself fontconfig also picks the Japanese face for Chinese: the family is named.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPalette,
    QPdfWriter,
    QRawFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextImageFormat,
    QTextLength,
    QTextListFormat,
    QTextOption,
    QTextTableCellFormat,
    QTextTableFormat,
)

from mycrm.ui.reports.blocks import (
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
from mycrm.ui.reports.chart import CHART_MM, chart_image

FONT_CANDIDATES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                   "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei")
RESOLUTION = 300  # dots per inch of the PDF's layout
SCREEN_DPI = 96  # the preview's, and the unit of an image's size in a QTextDocument
MARGINS_MM = QMarginsF(18, 16, 18, 14)
BODY_PT, SMALL_PT = 10.0, 8.5
TEXT, MUTED, ACCENT = QColor("#1f2328"), QColor("#667080"), QColor("#1f4e79")
# OpenType features off in every text: see the module docstring.
NO_LOCL = ((QFont.Tag("locl"), 0),)
HEADER_BG, STRIPE = QColor("#e3eaf3"), QColor("#f2f5f9")


def report_font_family() -> str:
    """A family with Simplified Chinese glyphs, chosen by name so the SC face is used."""
    families = set(QFontDatabase.families())
    for name in FONT_CANDIDATES:
        if name in families:
            return name
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else QFont().defaultFamily()


class _Writer:
    """Inserts blocks at the end of a ``QTextDocument``; lengths are given in points and
    converted to the paint device's pixels (``px``)."""

    def __init__(self, doc: QTextDocument, family: str, dpi: float,
                 breaks: frozenset[int] = frozenset()) -> None:
        self.doc, self.family, self.px = doc, family, dpi / 72.0
        self.cursor = QTextCursor(doc)
        self.started = False
        self.headings: list[int] = []  # block numbers, for stranded_headings
        self.breaks = breaks  # headings (their order in the document) that start a page
        self.charts: list[str] = []  # the image resources' names

    def char(self, size: float = BODY_PT, color: QColor = TEXT, bold: bool = False,
             italic: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies([self.family])
        fmt.setFontPointSize(size)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setForeground(QBrush(color))
        fmt.setFontFeatures(dict(NO_LOCL))
        return fmt

    def paragraph(self, text: str, char: QTextCharFormat, top: float = 0,
                  bottom: float = 3, new_page: bool = False) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(top * self.px)
        block.setBottomMargin(bottom * self.px)
        if new_page:
            block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        if self.started:
            self.cursor.insertBlock(block, char)
        else:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.started = True
        self.cursor.insertText(text, char)

    def table(self, headers: tuple[str, ...] | None, rows: tuple[tuple[str, ...], ...],
              widths: tuple[int, ...], striped: bool) -> None:
        """A table without rules: a shaded header row and, when ``striped``, shaded every
        other row. Rules cost more than the text itself: Qt's collapsed borders doubled the
        layout and drawing time of a long history."""
        columns = len(headers) if headers else len(rows[0])
        fmt = QTextTableFormat()
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        if widths:
            fmt.setColumnWidthConstraints(
                [QTextLength(QTextLength.Type.PercentageLength, w) for w in widths])
        fmt.setCellSpacing(0)
        fmt.setCellPadding((2.2 if striped else 1.2) * self.px)
        fmt.setTopMargin(2 * self.px)
        fmt.setBottomMargin(4 * self.px)
        fmt.setBorder(0)
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
        all_rows = ([headers] if headers else []) + list(rows)
        if headers:
            fmt.setHeaderRowCount(1)  # repeated at the top of every page the table spans
        if not self.started:  # a table cannot open the document: give it a block first
            self.paragraph("", self.char())
        table = self.cursor.insertTable(len(all_rows), columns, fmt)
        header_char = self.char(SMALL_PT, ACCENT, bold=True)
        body_char = self.char(SMALL_PT) if striped else self.char(BODY_PT)
        label_char = body_char if striped else self.char(BODY_PT, MUTED)
        shaded = {0: QBrush(HEADER_BG)} if headers else {}
        for r, row in enumerate(all_rows):
            header = headers is not None and r == 0
            for c, text in enumerate(row):
                cell = table.cellAt(r, c)
                brush = shaded.get(r) or (QBrush(STRIPE) if striped and r % 2 == 0 else None)
                if brush is not None:
                    cell_fmt = QTextTableCellFormat()
                    cell_fmt.setBackground(brush)
                    cell.setFormat(cell_fmt)
                char = header_char if header else (label_char if c == 0 else body_char)
                cell.firstCursorPosition().insertText(text, char)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.started = True

    def bullets(self, items: tuple[str, ...]) -> None:
        listed = None
        for item in items:
            self.paragraph("", self.char(), bottom=1.5)
            if listed is None:
                style = QTextListFormat()
                style.setStyle(QTextListFormat.Style.ListDisc)
                style.setIndent(1)
                listed = self.cursor.createList(style)
            else:
                listed.add(self.cursor.block())
            self.cursor.insertText(item, self.char())

    def chart(self, chart: BarChart) -> None:
        """The chart as an image resource of the document, drawn at the device's
        resolution (sharp in the PDF) and shown at ``CHART_MM`` on the page. An image's
        width and height are given in pixels of 96 dpi: Qt scales them to the device."""
        image = chart_image(chart, self.px * 72, self.family)
        name = f"mycrm-chart:{len(self.charts)}"
        self.charts.append(name)
        self.doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        self.paragraph("", self.char(), top=2, bottom=4)
        fmt = QTextImageFormat()
        fmt.setName(name)
        width, height = CHART_MM
        fmt.setWidth(width * SCREEN_DPI / 25.4)
        fmt.setHeight(height * SCREEN_DPI / 25.4)
        self.cursor.insertImage(fmt)

    def block(self, block: Block) -> None:
        if isinstance(block, Title):
            self.paragraph(block.text, self.char(20, ACCENT, bold=True), bottom=4)
            for line in block.subtitle:
                self.paragraph(line, self.char(9.5, MUTED), bottom=1)
        elif isinstance(block, Heading):
            new_page = len(self.headings) in self.breaks
            self.headings.append(self.cursor.block().blockNumber() + int(self.started))
            if block.level == 1:
                self.paragraph(block.text, self.char(13.5, ACCENT, bold=True), top=14, bottom=4,
                               new_page=new_page)
            else:
                self.paragraph(block.text, self.char(11, TEXT, bold=True), top=7, bottom=2,
                               new_page=new_page)
        elif isinstance(block, Paragraph):
            self.paragraph(block.text, self.char(BODY_PT, MUTED, italic=True) if block.muted
                           else self.char())
        elif isinstance(block, Facts):
            self.table(None, block.rows, (28, 72), striped=False)
        elif isinstance(block, Table):
            self.table(block.headers, block.rows, block.widths, striped=True)
        elif isinstance(block, Bullets):
            self.bullets(block.items)
        elif isinstance(block, BarChart):
            self.chart(block)


def build_text_document(document: Document, device: QPaintDevice | None = None,
                        page: QSizeF | None = None,
                        breaks: frozenset[int] = frozenset()) -> QTextDocument:
    """The report as a ``QTextDocument`` laid out for ``device`` (the PDF writer, with the
    ``page`` body size; ``None`` for the screen, e.g. a preview in a ``QTextBrowser``).
    ``breaks``: the headings (by their order in the document) that start a new page.

    The device and the page size are set first and the content inserted in one edit block:
    the layout then runs once, at the block's end. Outside an edit block every insertion
    relaid the growing table out again (80 s for 120 records instead of 0.1 s), and setting
    the device after the content cost a layout of its own before the paginated one.
    """
    doc = QTextDocument()
    if device is not None:
        doc.documentLayout().setPaintDevice(device)
        if page is not None:
            doc.setPageSize(page)
    dpi = device.logicalDpiY() if device is not None else SCREEN_DPI
    family = report_font_family()
    font = QFont(family)
    font.setPointSizeF(BODY_PT)
    if hasattr(font, "setFeature"):  # Qt 6.7+; the formats turn it off on 6.6 too
        for tag, value in NO_LOCL:
            font.setFeature(tag, value)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0 if device is not None else 24)
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, document.title)
    writer = _Writer(doc, family, dpi, breaks)
    writer.cursor.beginEditBlock()
    for block in document.blocks:
        writer.block(block)
    writer.cursor.endEditBlock()
    doc.setProperty("headings", writer.headings)
    return doc


KEEP_ROOM = 0.14  # a heading starting in the last 14 % of a page moves to the next one
MAX_PASSES = 4


def stranded_headings(doc: QTextDocument, page_height: float) -> frozenset[int]:
    """The headings (by their order) that start in the last ``KEEP_ROOM`` of a page, far
    from the table or text they head, which would begin on the next page."""
    layout = doc.documentLayout()
    stranded = set()
    for order, number in enumerate(doc.property("headings") or []):
        top = layout.blockBoundingRect(doc.findBlockByNumber(number)).top()
        if page_height - top % page_height < KEEP_ROOM * page_height and top > page_height / 2:
            stranded.add(order)
    return frozenset(stranded)


def paginated_document(document: Document, device: QPaintDevice,
                       page: QSizeF) -> QTextDocument:
    """The report laid out in pages of ``page`` with every heading kept with what follows
    (Qt has no keep-with-next): a heading stranded at the foot of a page starts the next
    one. A move shifts what follows, so the layout is made again with every stranded
    heading so far moved until none is left (one pass when none is, two or three at most)
    — each pass a fresh document laid out once, cheaper than relaying an edited one out."""
    breaks: frozenset[int] = frozenset()
    doc = build_text_document(document, device, page, breaks)
    for _ in range(MAX_PASSES):
        doc.pageCount()  # the layout, complete
        stranded = stranded_headings(doc, page.height()) - breaks
        if not stranded:
            break
        breaks |= stranded
        doc = build_text_document(document, device, page, breaks)
    return doc


def _footer(painter: QPainter, rect: QRectF, title: str, page: int, pages: int,
            family: str) -> None:
    font = QFont(family)
    font.setPointSizeF(7.5)
    if hasattr(font, "setFeature"):  # Qt 6.7+
        for tag, value in NO_LOCL:
            font.setFeature(tag, value)
    painter.setFont(font)
    painter.setPen(MUTED)
    number = f"{page} / {pages}"
    metrics = QFontMetricsF(font, painter.device())
    room = rect.width() - metrics.horizontalAdvance(number) * 2
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                     metrics.elidedText(title, Qt.TextElideMode.ElideRight, room))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                     number)


def render_pdf(document: Document) -> bytes:
    """The report as the bytes of an A4 PDF, with page numbers in the footer."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(document.title)
    writer.setCreator("mycrm")
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = 12 * RESOLUTION / 72.0
    body = QSizeF(page.width(), page.height() - footer)
    doc = paginated_document(document, writer, body)
    pages = doc.pageCount()
    painter = QPainter(writer)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, TEXT)  # the light page, whatever the theme
    family = report_font_family()
    for index in range(pages):
        if index:
            writer.newPage()
        painter.save()
        painter.setClipRect(QRectF(0, 0, body.width(), body.height()))  # not the footer
        painter.translate(0, -index * body.height())
        context.clip = QRectF(0, index * body.height(), body.width(), body.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        _footer(painter, QRectF(0, body.height(), body.width(), footer), document.title,
                index + 1, pages, family)
    painter.end()
    return rewrite_to_unicode(bytes(buffer.data().data()),
                              typed_code_points(document_text(document), family))


# --- the ToUnicode fix ----------------------------------------------------------------------
_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)
_SECTION = re.compile(rb"begin(bfrange|bfchar)(.*?)end\1", re.S)
_CODE = re.compile(rb"<([0-9A-Fa-f]{4})>")
_BMP = "".join(chr(code) for code in range(1, 0x10000) if not 0xD800 <= code <= 0xDFFF)


@functools.lru_cache(maxsize=8)
def _lowest_sharing(family: str, bold: bool) -> dict[int, int]:
    """Code point → the lowest BMP code point drawn with the same glyph of ``family``
    (what Qt writes in the ToUnicode map), for the code points where the two differ."""
    font = QFont(family)
    font.setBold(bold)
    glyphs = QRawFont.fromFont(font).glyphIndexesForString(_BMP)
    lowest: dict[int, int] = {}
    shared = {}
    for char, glyph in zip(_BMP, glyphs, strict=True):
        if not glyph:
            continue
        first = lowest.setdefault(glyph, ord(char))
        if first != ord(char):
            shared[ord(char)] = first
    return shared


def typed_code_points(text: str, family: str) -> dict[int, int]:
    """``{what Qt writes: what was typed}`` for the characters of ``text`` whose glyph Qt
    maps back to another code point (示→⽰, 户→⼾, en dash→figure dash). A code point typed
    itself somewhere in ``text`` is left alone: the map cannot say which was meant."""
    used = {ord(char) for char in text}
    fixes: dict[int, int] = {}
    for bold in (False, True):
        for code, written in _lowest_sharing(family, bold).items():
            if code in used and written not in used and code <= 0xFFFF:
                fixes.setdefault(written, code)
    return fixes


def _fix_line(line: bytes, sources: int, fixes: dict[int, int]) -> bytes:
    """Rewrite the destinations of one map line (the first ``sources`` codes are glyphs)."""
    codes = list(_CODE.finditer(line))
    if len(codes) <= sources:
        return line
    if sources == 2 and codes[0][0] != codes[1][0] and b"[" not in line:
        return line  # a linear range: one start for many glyphs, left as it is
    split = codes[sources - 1].end()

    def typed(match: re.Match[bytes]) -> bytes:
        code = int(match[1], 16)
        return b"<%04X>" % fixes[code] if code in fixes else match[0]

    return line[:split] + _CODE.sub(typed, line[split:])


def rewrite_to_unicode(pdf: bytes, fixes: dict[int, int]) -> bytes:
    """``pdf`` with every ToUnicode destination ``written`` replaced by ``fixes[written]``
    (4-digit codes for 4-digit codes: the same length, so every offset stays valid)."""
    def section(match: re.Match[bytes]) -> bytes:
        sources = 2 if match[1] == b"bfrange" else 1
        body = b"\n".join(_fix_line(line, sources, fixes) for line in match[2].split(b"\n"))
        return b"begin" + match[1] + body + b"end" + match[1]

    fixed = _CMAP.sub(lambda m: _SECTION.sub(section, m[0]), pdf)
    assert len(fixed) == len(pdf)
    return fixed


def document_text(document: Document) -> str:
    """Every character the PDF draws (to know what was typed)."""
    parts: list[str] = [document.title, "0123456789 /"]
    for block in document.blocks:
        if isinstance(block, Title):
            parts += [block.text, *block.subtitle]
        elif isinstance(block, (Heading, Paragraph)):
            parts.append(block.text)
        elif isinstance(block, Facts):
            parts += [text for row in block.rows for text in row]
        elif isinstance(block, Table):
            parts += [*block.headers, *(text for row in block.rows for text in row)]
        elif isinstance(block, Bullets):
            parts += block.items
    return "\n".join(parts)
