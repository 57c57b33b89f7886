"""Markdown and plain text of a report, to paste into an e-mail or a chat (pure Python).

Markdown: every text is escaped, so a name such as ``<b>x</b>`` or ``*VIP*`` shows as typed
in any Markdown viewer; a line break inside a table cell becomes ``<br>``. Plain text: the
same blocks without markup, tables as indented records.
"""

from __future__ import annotations

import re

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

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>()#+!|~-])")


def escape(text: str) -> str:
    """``text`` as Markdown that renders to exactly ``text`` (CommonMark escapes)."""
    return _SPECIAL.sub(r"\\\1", text)


def _cell(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines()) or " "


def _lines(text: str) -> str:
    """A paragraph with its line breaks kept (a trailing backslash is a hard break)."""
    return "\\\n".join(escape(line) for line in text.splitlines())


def _table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in table.headers) + " |",
             "|" + "|".join(" --- " for _ in table.headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def render_markdown(document: Document) -> str:
    """A chart is left out: the table beside it has its figures."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, BarChart):
            continue
        if isinstance(block, Title):
            out += ["# " + escape(block.text), ""]
            out += [_lines(line) + "  " for line in block.subtitle]
        elif isinstance(block, Heading):
            out.append("#" * (block.level + 1) + " " + escape(block.text))
        elif isinstance(block, Paragraph):
            out.append("*" + _lines(block.text) + "*" if block.muted else _lines(block.text))
        elif isinstance(block, Facts):
            out += [f"- **{escape(label)}:** {_lines(value)}" for label, value in block.rows]
        elif isinstance(block, Table):
            out += _table(block)
        elif isinstance(block, Bullets):
            out += ["- " + _lines(item) for item in block.items]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _indented(text: str, prefix: str) -> list[str]:
    lines = text.splitlines() or [""]
    return [prefix + lines[0]] + ["  " + line for line in lines[1:]]


def render_plain_text(document: Document) -> str:
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, BarChart):
            continue
        if isinstance(block, Title):
            out += [block.text, *block.subtitle]
        elif isinstance(block, Heading):
            out.append(("【%s】" if block.level == 1 else "%s:") % block.text)
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Facts):
            out += [f"{label}: {value}" for label, value in block.rows]
        elif isinstance(block, Table):
            for number, row in enumerate(block.rows, 1):
                out += _indented(row[0], f"{number}. ")
                for header, cell in zip(block.headers[1:], row[1:], strict=True):
                    out += _indented(cell, f"   {header}: ")
        elif isinstance(block, Bullets):
            for item in block.items:
                out += _indented(item, "• ")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
