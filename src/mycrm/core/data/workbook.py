"""Reading a CSV or Excel file into a header and rows of raw cells, as real files come:

- CSV in UTF-8 (with or without BOM), UTF-16, GB18030/GBK (detected), or the encoding the
  user chose; the delimiter sniffed. The encoding, the delimiter and the header are decided
  from a bounded head of the file (``CSV_HEAD_BYTES``); the rows are then read as a stream,
  never the whole file as one string;
- a workbook's first *visible* sheet (hidden sheets are skipped unless chosen by name);
- one or more title rows above the header (a merged "2026 客户名单" banner, a date line):
  the header is the first row that looks like one — most cells filled, all text, and
  matching known headers — unless the user gives the row;
- a cell merged down over several rows (one company over its contacts) fills down to every
  row of the merge.

Row numbers are the file's / sheet's own (1-based), so messages can name "Sheet1, row 7".
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mycrm.core.data.columns import MIN_SCORE, Field, header_score

Cell = str | int | float | date | datetime | None
HEADER_SEARCH_ROWS = 30  # the header is looked for among the first rows that have content
# Limits no customer list meets by accident (a portfolio is hundreds to a few thousand rows);
# beyond them the file is refused before it is read into memory.
MAX_ROWS = 100_000
MAX_CELLS = 5_000_000
MAX_TEXT_BYTES = 100_000_000  # a CSV file
MAX_UNCOMPRESSED_BYTES = 100_000_000  # an .xlsx's parts, as its zip directory states them
CSV_HEAD_BYTES = 1_000_000  # what the encoding and the delimiter are decided from


class ImportFileError(Exception):
    """The file cannot be read at all (missing, not CSV/xlsx, undecodable, empty, no such
    sheet or header row). ``code`` and ``params`` let a front end word it in the user's
    language; ``str()`` is the English sentence (logs, tests)."""

    def __init__(self, message: str, code: str = "unreadable", **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class SheetInfo:
    name: str
    hidden: bool


@dataclass
class RawTable:
    """A decoded spreadsheet: header texts and rows of raw cells; ``lines`` holds each
    row's 1-based row number in the file or sheet."""

    headers: list[str]
    rows: list[list[Cell]]
    encoding: str = ""
    source: str = ""
    lines: list[int] = field(default_factory=list)
    sheet: str = ""  # the sheet read ("" for CSV)
    sheets: list[SheetInfo] = field(default_factory=list)  # every sheet of the workbook
    header_line: int = 1

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else index + self.header_line + 1

    @property
    def skipped_sheets(self) -> list[str]:
        return [s.name for s in self.sheets if s.hidden and s.name != self.sheet]

    def column_texts(self) -> list[list[str]]:
        from mycrm.core.data.importer import cell_text

        return [[cell_text(r[i]) if i < len(r) else "" for r in self.rows]
                for i in range(len(self.headers))]


def detect_encoding(data: bytes, *, whole: bool = True) -> str:
    """The encoding of CSV bytes: BOM first, then strict UTF-8, then charset-normalizer.
    ``whole`` False: ``data`` is the head of a longer file (it may end inside a character).

    Chinese legacy files are read as GB18030 (a superset of GBK/GB2312), so a GBK file never
    comes out garbled as Latin-1.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if _decodes(data, "utf-8", whole):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    name = (best.encoding if best else "").lower().replace("_", "-")
    if not name or name in {"gbk", "gb2312", "gb18030", "hz", "cp936"}:
        return "gb18030"
    return name if _decodes(data, name, whole) else "gb18030"


def _decodes(data: bytes, encoding: str, whole: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=whole)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def read_table(path: Path, encoding: str | None = None, *, sheet: str | None = None,
               header_row: int | None = None) -> RawTable:
    """Read a CSV or .xlsx file. ``encoding`` None means detect; ``sheet`` None means the
    first visible sheet; ``header_row`` (1-based) None means detect. Raises
    ``ImportFileError``."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"cannot read {path}: no such file", "missing", path=str(path))
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            _refuse_zip_bomb(path)
            records, sheet_name, sheets, encoding_read = _read_xlsx(path, sheet)
        else:
            _refuse_size(path.stat().st_size, MAX_TEXT_BYTES)
            records, encoding_read = _read_csv(path, encoding)
            sheet_name, sheets = "", []
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}", "os_error",
                              path=str(path), reason=str(exc.strerror or exc)) from exc
    table = _split_header(records, header_row, path, sheet_name)
    table.encoding, table.source, table.sheet, table.sheets = (
        encoding_read, str(path), sheet_name, sheets)
    return table


def _refuse_size(size: int, limit: int) -> None:
    if size > limit:
        raise ImportFileError(f"the file is too large to import ({size // 1_000_000} MB; "
                              f"at most {limit // 1_000_000} MB)", "too_large",
                              size=str(size // 1_000_000), max=str(limit // 1_000_000))


def _refuse_zip_bomb(path: Path) -> None:
    """Sum the sizes the zip directory gives its parts before openpyxl inflates any: a
    2 MB file can hold gigabytes of sheet XML. A file that is no zip is left to openpyxl
    (its "not a readable .xlsx" answer)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return
    _refuse_size(total, MAX_UNCOMPRESSED_BYTES)


class _Limits:
    """Counts rows and cells while a file is read; refuses the first one too many."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def count(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise ImportFileError(f"the file has more than {MAX_ROWS} rows", "too_many_rows",
                                  max=str(MAX_ROWS))
        if self.cells > MAX_CELLS:
            raise ImportFileError(f"the file has more than {MAX_CELLS} cells",
                                  "too_many_cells", max=str(MAX_CELLS))


def _split_header(records: list[tuple[int, list[Cell]]], header_row: int | None, path: Path,
                  sheet: str) -> RawTable:
    if header_row is not None:
        at = next((i for i, (line, _c) in enumerate(records) if line == header_row), None)
        if at is None:
            raise ImportFileError(f"row {header_row} of {path.name} is empty or missing",
                                  "no_such_row", row=str(header_row), sheet=sheet)
    elif not records:
        raise ImportFileError(f"{path} has no header row", "no_header", path=str(path))
    else:
        at = find_header_row([cells for _line, cells in records[:HEADER_SEARCH_ROWS]])
    line, cells = records[at]
    headers = ["" if v is None else str(v).strip() for v in cells]
    if not any(headers):
        raise ImportFileError(f"{path} has no header row", "no_header", path=str(path))
    body = records[at + 1:]
    return RawTable(headers, [c for _l, c in body], lines=[n for n, _c in body],
                    header_line=line)


def find_header_row(rows: Sequence[Sequence[Cell]]) -> int:
    """The index of the first row that looks like a header: text cells only, at least half
    as many filled cells as the widest row, the most known headers. A title row (one merged
    cell) or a date line above it loses on every count."""
    width = max((_filled(r) for r in rows), default=0)

    def known(row: Sequence[Cell]) -> int:
        return sum(1 for v in row if isinstance(v, str) and v.strip()
                   and max(header_score(v, f) for f in Field) >= MIN_SCORE)

    shaped = [i for i, r in enumerate(rows)
              if _filled(r) >= max(2, width / 2) and all(
                  isinstance(v, str) for v in r if v not in (None, ""))]
    if not shaped:
        return 0
    best = max(known(rows[i]) for i in shaped)
    return next(i for i in shaped if known(rows[i]) == best)


def _filled(row: Sequence[Cell]) -> int:
    return sum(1 for v in row if v not in (None, "") and str(v).strip())


def _read_csv(path: Path, encoding: str | None) -> tuple[list[tuple[int, list[Cell]]], str]:
    """The file's non-empty records and the encoding read. A detected UTF-8 that a byte past
    the head disproves is read again as GB18030 (what a non-UTF-8 Chinese file is)."""
    with path.open("rb") as raw:
        head = raw.read(CSV_HEAD_BYTES)
        whole = not raw.read(1)
    chosen = encoding or detect_encoding(head, whole=whole)
    try:
        return _csv_records(path, head, chosen, whole), chosen
    except UnicodeDecodeError as exc:
        if encoding or chosen != "utf-8":
            raise _bad_encoding(chosen) from exc
    try:
        return _csv_records(path, head, "gb18030", whole), "gb18030"
    except UnicodeDecodeError as exc:
        raise _bad_encoding("gb18030") from exc


def _bad_encoding(encoding: str) -> ImportFileError:
    return ImportFileError(f"the file is not readable as {encoding}", "bad_encoding",
                           encoding=encoding)


def _csv_records(path: Path, head: bytes, encoding: str, whole: bool
                 ) -> list[tuple[int, list[Cell]]]:
    """Sniff the delimiter in the head, then read every record from a stream of lines;
    raises ``UnicodeDecodeError`` where the file is not in ``encoding``."""
    try:
        sample = codecs.getincrementaldecoder(encoding)().decode(head, final=whole)
    except LookupError as exc:
        raise _bad_encoding(encoding) from exc
    sample = sample.lstrip("\ufeff")
    if "\x00" in sample:
        raise ImportFileError("the file is not a text (CSV) file", "not_text")
    try:
        dialect: Any = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    with path.open("r", encoding=encoding, newline="") as stream:
        reader = csv.reader(_without_bom(stream), dialect)
        records: list[tuple[int, list[Cell]]] = []
        limits = _Limits()
        try:
            start = 1
            for record in reader:
                if any(cell.strip() for cell in record):
                    limits.count(len(record))
                    records.append((start, list(record)))
                start = reader.line_num + 1
        except csv.Error as exc:
            if "NUL" in str(exc):
                raise ImportFileError("the file is not a text (CSV) file", "not_text") from exc
            raise ImportFileError(f"the CSV file is malformed: {exc}", "malformed",
                                  reason=str(exc)) from exc
    return records


def _without_bom(lines: Iterator[str]) -> Iterator[str]:
    """The lines of a text stream, a byte-order mark a chosen encoding kept taken off."""
    first = True
    for line in lines:
        yield line.lstrip("\ufeff") if first else line
        first = False


def list_sheets(path: Path) -> list[SheetInfo]:
    """The workbook's sheets in order, hidden ones marked (for the sheet chooser)."""
    workbook = _open_workbook(Path(path), read_only=True)
    try:
        return [SheetInfo(ws.title, ws.sheet_state != "visible") for ws in workbook.worksheets]
    finally:
        workbook.close()


def _open_workbook(path: Path, *, read_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for bad files
        raise ImportFileError(f"{path.name} is not a readable Excel .xlsx file", "not_xlsx",
                              path=path.name) from exc


def _read_xlsx(path: Path, sheet: str | None
               ) -> tuple[list[tuple[int, list[Cell]]], str, list[SheetInfo], str]:
    # Not read-only: merged ranges are only known to a fully loaded sheet.
    workbook = _open_workbook(path, read_only=False)
    try:
        sheets = [SheetInfo(ws.title, ws.sheet_state != "visible") for ws in workbook.worksheets]
        ws = _choose_sheet(workbook, sheets, sheet, path)
        fills = _merged_fill_down(ws)
        records: list[tuple[int, list[Cell]]] = []
        limits = _Limits()
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = list(values)
            for col, value in fills.get(number, {}).items():
                while len(cells) <= col:
                    cells.append(None)
                cells[col] = value
            if any(v not in (None, "") for v in cells):
                limits.count(len(cells))
                records.append((number, cells))
        return records, ws.title, sheets, "xlsx"
    finally:
        workbook.close()


def _choose_sheet(workbook: Any, sheets: list[SheetInfo], wanted: str | None, path: Path
                  ) -> Any:
    if wanted:
        for ws in workbook.worksheets:
            if ws.title == wanted or ws.title.casefold() == wanted.casefold():
                return ws
        raise ImportFileError(f"{path.name} has no sheet {wanted!r}", "no_such_sheet",
                              sheet=wanted, sheets=", ".join(s.name for s in sheets))
    for ws, info in zip(workbook.worksheets, sheets, strict=True):
        if not info.hidden:
            return ws
    raise ImportFileError(f"{path.name} has no visible sheet", "no_visible_sheet",
                          path=path.name)


def _merged_fill_down(ws: Any) -> dict[int, dict[int, Cell]]:
    """Row → {0-based column: value} for the cells under the top of a merge that spans
    rows. Only the merge's first column is filled: a title merged across stays one cell."""
    fills: dict[int, dict[int, Cell]] = {}
    for merged in ws.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue
        value = ws.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row + 1, merged.max_row + 1):
            fills.setdefault(row, {})[merged.min_col - 1] = value
    return fills
