"""Full-text search over names, contacts and record text (SQLite FTS5, trigram tokenizer).

The index is the ``search_index`` table made by migration 0002 and kept current by triggers,
so a search never sees stale text. It is not an SQLModel table: this module reaches it with
SQL. The trigram tokenizer finds any substring of three or more characters, which covers
Chinese (no spaces between words) and English prefixes alike, case-insensitively. Terms of
one or two characters cannot use trigrams; a query made only of such terms searches
customer and contact names with ``LIKE`` (small tables), which is what a user typing "王伟"
or "Li" is looking for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sqlalchemy import Connection, column, literal_column, or_, select, table, text
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select
from sqlmodel import Session, col

from mycrm.core.models import Contact, Customer

INDEX_TABLE = "search_index"
MIN_TRIGRAM = 3  # shortest term the trigram tokenizer can match
DEFAULT_LIMIT = 50
NAME_POOL = 200  # name matches read from the index before ranking them in Python


class HitKind(IntEnum):
    """Kind codes stored in the index (``rowid = source id * 8 + code``)."""

    CUSTOMER = 1
    CONTACT = 2
    INTERACTION = 3
    NEED = 4
    TODO = 5

    @property
    def label(self) -> str:
        return self.name.lower()


NAME_KINDS = (HitKind.CUSTOMER, HitKind.CONTACT)
RECORD_KINDS = (HitKind.INTERACTION, HitKind.NEED, HitKind.TODO)


@dataclass(frozen=True)
class SearchHit:
    """One matching row. ``ref_id`` is the id in the row's own table (``kind.label``);
    ``customer_id`` is None only for a to-do without a customer. Lower ``rank`` is better."""

    kind: HitKind
    ref_id: int
    customer_id: int | None
    snippet: str
    rank: float


_index = table(INDEX_TABLE, column("rowid"), column("kind"), column("customer_id"),
               column("body"))


def split_terms(query: str) -> tuple[list[str], list[str]]:
    """(terms the index can match, terms shorter than a trigram)."""
    terms = query.split()
    return ([t for t in terms if len(t) >= MIN_TRIGRAM], [t for t in terms if len(t) < MIN_TRIGRAM])


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 query that requires every term as a literal substring (quotes escaped, so
    user input can never be FTS5 syntax)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(session: Session, text_: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Rows matching every term of ``text_``, grouped by kind (customers, contacts, service
    records, needs, to-dos).

    At most ``limit`` names (customers + contacts) and ``limit`` records are returned, so a
    common word in 100,000 records cannot crowd out the customer the user wants. The cost
    follows ``limit``, not the portfolio: records come newest first straight off the index
    (``ORDER BY rowid DESC``, no scoring of every match); names are the first
    ``NAME_POOL`` matches ranked in Python (match at the start of the name first, then
    earlier in the name, then shorter names).
    """
    long_terms, short_terms = split_terms(text_)
    if not long_terms and not short_terms:
        return []
    if not long_terms:
        hits = _short_name_hits(session, short_terms, limit)
    else:
        expression = match_expression(long_terms)
        names = _index_rows(session, expression, short_terms, NAME_KINDS, max(limit, NAME_POOL))
        records = _index_rows(session, expression, short_terms, RECORD_KINDS, limit)
        needle = long_terms[0].casefold()
        hits = sorted((_hit(row, needle, None) for row in names),
                      key=lambda h: h.rank)[:limit]
        hits += [_hit(row, needle, float(i)) for i, row in enumerate(records)]
    return sorted(hits, key=lambda h: (h.kind, h.rank, h.ref_id))


def group_by_kind(hits: Sequence[SearchHit]) -> dict[HitKind, list[SearchHit]]:
    """Hits per kind, in kind order, keeping each kind's ranking."""
    groups: dict[HitKind, list[SearchHit]] = {}
    for hit in sorted(hits, key=lambda h: (h.kind, h.rank, h.ref_id)):
        groups.setdefault(hit.kind, []).append(hit)
    return groups


def _index_rows(session: Session, expression: str, short_terms: Sequence[str],
                kinds: Sequence[HitKind], limit: int) -> list[tuple[int, int | None, str]]:
    """(rowid, customer_id, body) of the newest ``limit`` matches of ``kinds``."""
    kind_list = ", ".join(str(int(k)) for k in kinds)
    extra = "".join(f" AND body LIKE :s{i} ESCAPE '\\'" for i in range(len(short_terms)))
    sql = text(
        f"SELECT rowid, customer_id, body FROM {INDEX_TABLE} "
        f"WHERE {INDEX_TABLE} MATCH :q AND rowid % 8 IN ({kind_list}){extra} "
        "ORDER BY rowid DESC LIMIT :limit"
    )
    params: dict[str, Any] = {"q": expression, "limit": limit}
    params.update({f"s{i}": like_pattern(t) for i, t in enumerate(short_terms)})
    return [tuple(row) for row in session.connection().execute(sql, params)]  # type: ignore[misc]


def _hit(row: tuple[int, int | None, str], needle: str, rank: float | None) -> SearchHit:
    rowid, customer_id, body = row
    body = " ".join(body.split())
    at = body.casefold().find(needle)
    if rank is None:  # names: a match at the start first, then earlier, then shorter
        rank = (0 if at == 0 else 1) * 10_000 + max(at, 0) * 100 + min(len(body), 99)
    return SearchHit(HitKind(rowid % 8), rowid // 8, customer_id, snippet_of(body, at),
                     float(rank))


def snippet_of(body: str, at: int, width: int = 60) -> str:
    """About ``width`` characters of ``body`` around position ``at``, with ellipses."""
    if len(body) <= width:
        return body
    start = max(0, min(at - width // 3, len(body) - width)) if at > 0 else 0
    piece = body[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")


def _short_name_hits(session: Session, terms: Sequence[str], limit: int) -> list[SearchHit]:
    """Terms too short for trigrams: customer and contact names (and phones, e-mails).
    No ``ORDER BY`` in SQL, so the scan stops at ``limit`` matches; sorted by name here."""
    customer_where = [or_(col(Customer.name).like(like_pattern(t), escape="\\"),
                          col(Customer.name_key).like(like_pattern(t), escape="\\"))
                      for t in terms]
    customers = session.exec(
        select(Customer.id, Customer.name).where(*customer_where).limit(limit)
    ).all()
    contact_where = [or_(*(c.like(like_pattern(t), escape="\\")
                           for c in (col(Contact.name), col(Contact.phone), col(Contact.email))))
                     for t in terms]
    contacts = session.exec(
        select(Contact.id, Contact.customer_id, Contact.name).where(*contact_where).limit(limit)
    ).all()
    hits = [SearchHit(HitKind.CUSTOMER, cid, cid, name, float(i))
            for i, (cid, name) in enumerate(sorted(customers, key=lambda r: r[1]))]
    hits += [SearchHit(HitKind.CONTACT, pid, cid, name, float(i))
             for i, (pid, cid, name) in enumerate(sorted(contacts, key=lambda r: r[2]))]
    return hits


def customer_ids_matching(text_: str) -> Select[Any] | None:
    """A ``SELECT customer_id`` of customers whose name, industry or contacts (name, phone,
    e-mail) contain every term of ``text_`` — for the board and customer list filters — or
    None when the text has a term too short for the index (the caller then uses ``LIKE``)."""
    long_terms, short_terms = split_terms(text_)
    if not long_terms or short_terms:
        return None
    return (
        select(_index.c.customer_id)
        .where(literal_column(INDEX_TABLE).op("MATCH")(match_expression(long_terms)))
        .where(_index.c.kind.in_([int(k) for k in NAME_KINDS]))
    )


def customer_filter_clause(text_: str) -> ColumnElement[bool] | None:
    """``Customer.id IN (customers_matching)``, or None when the index cannot answer."""
    ids = customer_ids_matching(text_)
    return None if ids is None else col(Customer.id).in_(ids)


def rebuild_index(connection: Connection) -> None:
    """Re-create every trigger and refill the index from the tables (after a batch
    migration recreated an indexed table, or to repair). Same DDL as migration 0002."""
    module = _migration_0002()
    for statement in module.trigger_ddl():
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"DELETE FROM {INDEX_TABLE}")
    for statement in module.fill_sql():
        connection.exec_driver_sql(statement)


def install_triggers(connection: Connection) -> None:
    """Re-create the index triggers (idempotent)."""
    for statement in _migration_0002().trigger_ddl():
        connection.exec_driver_sql(statement)


def _migration_0002() -> Any:
    from alembic.script import ScriptDirectory

    from mycrm.core.db import _alembic_config

    config, _ = _alembic_config()
    return ScriptDirectory.from_config(config).get_revision("0002").module


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Alembic autogenerate filter: the FTS table and its shadow tables exist only in the
    database, never in ``SQLModel.metadata``; do not propose dropping them."""
    if not reflected or compare_to is not None or name is None:
        return True
    if type_ == "table":
        return not name.startswith(INDEX_TABLE)
    return True
