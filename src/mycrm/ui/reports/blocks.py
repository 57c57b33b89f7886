"""A worded report as format-neutral blocks, laid out by each renderer (PDF, Word, Markdown).

Every string is final text in the user's language; the renderers insert it literally (never
as HTML or Markdown), so what the user typed comes out as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Title:
    text: str
    subtitle: tuple[str, ...] = ()  # short lines under the title (report kind, period, date)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = a section, 2 = a part of one


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False  # a note such as "Nothing was recorded in this period."


@dataclass(frozen=True)
class Facts:
    """Label / value pairs (a two-column layout without rules)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table whose header row repeats on every page it spans. ``widths`` are
    percentages of the text width, one per column (empty: equal)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar (e.g. the contract's end date)
    value: int  # the bar's height, in a unit every bar of the chart shares
    text: str  # above the bar: the value worded (e.g. the amount in the locale)


@dataclass(frozen=True)
class BarChart:
    """A small bar chart, left to right, the last bar stressed: drawn as a picture in the
    PDF and the Word file; the text renderers leave it out (the table beside it has the
    figures). ``caption`` names it (the picture's description)."""

    caption: str
    bars: tuple[Bar, ...]


Block = Title | Heading | Paragraph | Facts | Table | Bullets | BarChart


@dataclass(frozen=True)
class Document:
    """``title`` names the file's metadata and the page footer; ``blocks`` in reading order."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[BarChart]:
        return [b for b in self.blocks if isinstance(b, BarChart)]
