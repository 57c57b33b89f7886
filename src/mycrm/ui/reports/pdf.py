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

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
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
    QTextLength,
    QTextListFormat,
    QTextOption,
    QTextTableCellFormat,
    QTextTableFormat,
)

from mycrm.ui.reports.blocks import (
    Block,
    Bullets,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    Title,
)

FONT_CANDIDATES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                   "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei")
RESOLUTION = 300  # dots per inch of the PDF's layout
MARGINS_MM = QMarginsF(18, 16, 18, 14)
BODY_PT, SMALL_PT = 10.0, 8.5
TEXT, MUTED, ACCENT = QColor("#1f2328"), QColor("#667080"), QColor("#1f4e79")
# OpenType features off in every text: see the module docstring.
NO_LOCL = ((QFont.Tag("locl"), 0),)
RULE, HEADER_BG, STRIPE = QColor("#c5ccd6"), QColor("#e8eef5"), QColor("#f7f9fb")


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

    def __init__(self, doc: QTextDocument, family: str, dpi: float) -> None:
        self.doc, self.family, self.px = doc, family, dpi / 72.0
        self.cursor = QTextCursor(doc)
        self.started = False
        self.headings: list[int] = []  # block numbers, for keep_headings_with_next

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
                  bottom: float = 3) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(top * self.px)
        block.setBottomMargin(bottom * self.px)
        if self.started:
            self.cursor.insertBlock(block, char)
        else:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.started = True
        self.cursor.insertText(text, char)

    def table(self, headers: tuple[str, ...] | None, rows: tuple[tuple[str, ...], ...],
              widths: tuple[int, ...], ruled: bool) -> None:
        columns = len(headers) if headers else len(rows[0])
        fmt = QTextTableFormat()
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        if widths:
            fmt.setColumnWidthConstraints(
                [QTextLength(QTextLength.Type.PercentageLength, w) for w in widths])
        fmt.setCellSpacing(0)
        fmt.setCellPadding((2.2 if ruled else 1.2) * self.px)
        fmt.setTopMargin(2 * self.px)
        fmt.setBottomMargin(4 * self.px)
        fmt.setBorderCollapse(True)
        fmt.setBorder(0.6 * self.px if ruled else 0)
        fmt.setBorderBrush(QBrush(RULE))
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid
                           if ruled else QTextFrameFormat.BorderStyle.BorderStyle_None)
        all_rows = ([headers] if headers else []) + list(rows)
        if headers:
            fmt.setHeaderRowCount(1)  # repeated at the top of every page the table spans
        if not self.started:  # a table cannot open the document: give it a block first
            self.paragraph("", self.char())
        table = self.cursor.insertTable(len(all_rows), columns, fmt)
        for r, row in enumerate(all_rows):
            header = headers is not None and r == 0
            for c, text in enumerate(row):
                cell = table.cellAt(r, c)
                cell_fmt = QTextTableCellFormat()
                if header:
                    cell_fmt.setBackground(QBrush(HEADER_BG))
                elif ruled and r % 2 == 0:
                    cell_fmt.setBackground(QBrush(STRIPE))
                cell.setFormat(cell_fmt)
                char = (self.char(SMALL_PT, ACCENT, bold=True) if header
                        else self.char(SMALL_PT if ruled else BODY_PT,
                                       MUTED if not ruled and c == 0 else TEXT))
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

    def block(self, block: Block) -> None:
        if isinstance(block, Title):
            self.paragraph(block.text, self.char(20, ACCENT, bold=True), bottom=4)
            for line in block.subtitle:
                self.paragraph(line, self.char(9.5, MUTED), bottom=1)
        elif isinstance(block, Heading):
            self.headings.append(self.cursor.block().blockNumber() + int(self.started))
            if block.level == 1:
                self.paragraph(block.text, self.char(13.5, ACCENT, bold=True), top=14, bottom=4)
            else:
                self.paragraph(block.text, self.char(11, TEXT, bold=True), top=7, bottom=2)
        elif isinstance(block, Paragraph):
            self.paragraph(block.text, self.char(BODY_PT, MUTED, italic=True) if block.muted
                           else self.char())
        elif isinstance(block, Facts):
            self.table(None, block.rows, (28, 72), ruled=False)
        elif isinstance(block, Table):
            self.table(block.headers, block.rows, block.widths, ruled=True)
        elif isinstance(block, Bullets):
            self.bullets(block.items)


def build_text_document(document: Document, device: QPaintDevice | None = None
                        ) -> QTextDocument:
    """The report as a ``QTextDocument`` laid out for ``device`` (the PDF writer; ``None``
    for the screen, e.g. a preview in a ``QTextBrowser``).

    The content is inserted first and the device set last: with the device set, every
    insertion relaid the growing table out again (80 s for 120 records instead of 0.1 s).
    """
    doc = QTextDocument()
    dpi = device.logicalDpiY() if device is not None else 96
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
    writer = _Writer(doc, family, dpi)
    for block in document.blocks:
        writer.block(block)
    if device is not None:
        doc.documentLayout().setPaintDevice(device)
    doc.setProperty("headings", writer.headings)
    return doc


KEEP_ROOM = 0.14  # a heading starting in the last 14 % of a page moves to the next one


def keep_headings_with_next(doc: QTextDocument, page_height: float) -> None:
    """Move a heading stranded at the foot of a page to the top of the next one, so that
    it stands above its table (Qt has no keep-with-next). Each pass moves every stranded
    heading at once (one relayout, not one per heading — a long report has many), then
    looks again, as a move shifts the headings after it; two or three passes settle."""
    layout = doc.documentLayout()
    headings = list(doc.property("headings") or [])
    moved_any = False
    for _ in range(MAX_PASSES):
        stranded = []
        for number in headings:
            block = doc.findBlockByNumber(number)
            policy = block.blockFormat().pageBreakPolicy()
            if policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
                continue
            top = layout.blockBoundingRect(block).top()
            if page_height - top % page_height < KEEP_ROOM * page_height and top > page_height / 2:
                stranded.append(block)
        if not stranded:
            break
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for block in stranded:
            fmt = block.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(fmt)
        cursor.endEditBlock()
        moved_any = True
    if moved_any:  # drawing read stale positions after the incremental relayouts
        doc.markContentsDirty(0, doc.characterCount())


MAX_PASSES = 4


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
    doc = build_text_document(document, writer)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = 12 * RESOLUTION / 72.0
    body = QSizeF(page.width(), page.height() - footer)
    doc.setPageSize(body)
    keep_headings_with_next(doc, body.height())
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
