"""Full-text search over names, contacts and record text (SQLite FTS5, trigram tokenizer).

The index is the ``search_index`` table made by migration 0002 and kept current by triggers,
so a search never sees stale text. It is not an SQLModel table: this module reaches it with
SQL. The trigram tokenizer finds any substring of three or more characters, which covers
Chinese (no spaces between words) and English prefixes alike, case-insensitively. Terms of
one or two characters cannot use trigrams; a query made only of such terms searches
customer and contact names, which is what a user typing "王伟" or "Li" is looking for.

Names have their own index, ``search_names`` (migration 0003): customers and contacts only,
so finding the customer called "Renewal Partners" does not walk every service record that
says "renewal", and a ``pairs`` column that turns every two-character piece of a name into a
trigram ("王伟" → "王伟 "), so two-character terms are an index lookup too. Every search
costs about its ``limit``, not the portfolio. Only a query made of one-character terms
alone falls back to ``LIKE`` (stopped at ``limit`` matches).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sqlalchemy import and_, column, literal_column, not_, or_, select, table
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select
from sqlalchemy.sql.visitors import replacement_traverse
from sqlmodel import Session, col
from sqlmodel import select as model_select

from mycrm.core.common.normalize import company_key
from mycrm.core.db.database_only import INDEX_TABLE, NAMES_TABLE
from mycrm.core.db.models import Contact, Customer
from mycrm.core.rules import (
    LIKE_ESCAPE,
    active_customer_clause,
    like_clause,
    like_pattern,
    like_sql,
)

MIN_TRIGRAM = 3  # shortest term the trigram tokenizer can match
PAIR = 2  # terms of this length match the names index's ``pairs`` column
DEFAULT_LIMIT = 50
NAME_POOL = 200  # names that start with the query, read to rank the best ``limit`` of them


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


_names = table(NAMES_TABLE, column("rowid"), column("customer_id"), column("body"),
               column("pairs"))


def split_terms(query: str) -> tuple[list[str], list[str]]:
    """(terms the index can match, terms shorter than a trigram)."""
    terms = query.split()
    return ([t for t in terms if len(t) >= MIN_TRIGRAM], [t for t in terms if len(t) < MIN_TRIGRAM])


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 query that requires every term as a literal substring (quotes escaped, so
    user input can never be FTS5 syntax)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def search(session: Session, text_: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Rows matching every term of ``text_``, grouped by kind (customers, contacts, service
    records, needs, to-dos).

    At most ``limit`` names (customers + contacts) and ``limit`` records are returned, so a
    common word in 100,000 records cannot crowd out the customer the user wants. The cost
    follows ``limit``, not the portfolio: records come newest first straight off the index
    (``ORDER BY rowid DESC``, no scoring of every match). Names are ranked in Python: a
    match at the start of the name first, then earlier in the name, then shorter names.
    The names ranked are the newest that start with the first term (an anchored index
    query), then the newest others, ``limit`` in all. Records need a term of three or more
    characters; names are found by shorter terms, too.
    """
    long_terms, short_terms = split_terms(text_)
    if not long_terms and not short_terms:
        return []
    pairs = [t for t in short_terms if len(t) == PAIR]
    needle = (long_terms or pairs or short_terms)[0].casefold()
    if long_terms or pairs:
        hits = _ranked_names(_name_rows(session, long_terms, short_terms, limit), needle, limit)
    else:
        hits = _short_name_hits(session, short_terms, limit)
    if long_terms:
        records = _index_rows(session, match_expression(long_terms), short_terms,
                              RECORD_KINDS, limit)
        hits += [_hit(row, needle, float(i)) for i, row in enumerate(records)]
    return sorted(hits, key=lambda h: (h.kind, h.rank, h.ref_id))


def names_match_expression(long_terms: Sequence[str], short_terms: Sequence[str],
                           start: bool | None = None) -> str:
    """An FTS5 query on ``search_names``: each long term as a substring of ``body``, each
    two-character term as the trigram "term + space" of ``pairs`` (literal, quotes escaped).
    One-character terms are not in it (the caller filters on them with ``LIKE``).

    ``start=True``: the first of those terms must open the name (FTS5's ``^``, the column's
    first token); ``start=False``: it must not; None: anywhere."""
    parts = ["body : " + match_expression([t]) for t in long_terms]
    parts += ["pairs : " + match_expression([t + " "]) for t in short_terms if len(t) == PAIR]
    anchored = parts[0].replace(" : ", " : ^", 1)
    if start is None:
        return " AND ".join(parts)
    if start:
        return " AND ".join([anchored, *parts[1:]])
    return "(" + " AND ".join(parts) + ") NOT " + anchored


def _name_rows(session: Session, long_terms: Sequence[str], short_terms: Sequence[str],
               limit: int) -> list[tuple[int, int | None, str]]:
    """(rowid, customer_id, body) of names matching every term, for ranking: customers whose
    whole name is the query (normalised, ``name_key``: an exact match always ranks first,
    however many newer names share its start), the newest ``NAME_POOL`` (at least
    ``limit``) that start with the first indexed term, then the newest others up to
    ``limit``. Each is an index query stopped by its ``LIMIT``."""
    pool = max(limit, NAME_POOL)
    rows = _exact_names(session, " ".join([*long_terms, *short_terms]), pool)
    rows += _names_query(session, long_terms, short_terms, pool, start=True)
    if len(rows) < limit:
        rows += _names_query(session, long_terms, short_terms, limit - len(rows), start=False)
    return list(dict.fromkeys(rows))


def _exact_names(session: Session, text_: str, limit: int) -> list[tuple[int, int | None, str]]:
    key = company_key(text_)
    if not key:
        return []
    sql = (
        f"SELECT n.rowid, n.customer_id, n.body FROM customer AS c "
        f"JOIN {NAMES_TABLE} AS n ON n.rowid = c.id * 8 + {int(HitKind.CUSTOMER)} "
        "WHERE c.name_key = :key LIMIT :limit"
    )
    return _rows(session, sql, {"key": key, "limit": limit})


def _names_query(session: Session, long_terms: Sequence[str], short_terms: Sequence[str],
                 limit: int, *, start: bool) -> list[tuple[int, int | None, str]]:
    singles = [t for t in short_terms if len(t) < PAIR]
    extra = "".join(f" AND {like_sql('body', f':s{i}')}" for i in range(len(singles)))
    sql = (
        f"SELECT rowid, customer_id, body FROM {NAMES_TABLE} "
        f"WHERE {NAMES_TABLE} MATCH :q{extra} ORDER BY rowid DESC LIMIT :limit"
    )
    params: dict[str, Any] = {"q": names_match_expression(long_terms, short_terms, start),
                              "limit": limit}
    params.update({f"s{i}": like_pattern(t) for i, t in enumerate(singles)})
    return _rows(session, sql, params)


def plain_rows(session: Session, sql: str, params: Sequence[Any] | Mapping[str, Any]
               ) -> list[tuple[Any, ...]]:
    """Rows of SQL text (``?`` or ``:name`` placeholders) run as it is on the session's
    connection, in its transaction (pending changes flushed first, as an ORM query
    would): no statement to build, compile or cache-key, and the engine's execute events
    still see it."""
    if session.autoflush:
        session.flush()
    return [tuple(row) for row in session.connection().exec_driver_sql(sql, params)]


def _rows(session: Session, sql: str, params: dict[str, Any]
          ) -> list[tuple[int, int | None, str]]:
    """(rowid, customer_id, body) rows: a keystroke's few small queries as plain SQL."""
    return plain_rows(session, sql, params)


def _ranked_names(rows: Sequence[tuple[int, int | None, str]], needle: str, limit: int
                  ) -> list[SearchHit]:
    """The best ``limit`` of ``rows`` as hits: ranked cheaply first, so only the hits kept
    pay for a snippet."""
    ranked = sorted(((name_rank(" ".join(row[2].split()), needle), row) for row in rows),
                    key=lambda pair: pair[0])
    return [_hit(row, needle, rank) for rank, row in ranked[:limit]]


def name_rank(body: str, needle: str) -> float:
    """Names: a match at the start first, then earlier in the name, then shorter names
    (lower is better)."""
    at = body.casefold().find(needle)
    return float((0 if at == 0 else 1) * 10_000 + max(at, 0) * 100 + min(len(body), 99))


@dataclass(frozen=True)
class CustomerMatch:
    """A customer found by ``find_customers`` (a plain value, safe outside the session)."""

    id: int
    name: str
    industry: str


def find_customers(session: Session, text_: str, limit: int = DEFAULT_LIMIT, *,
                   include_inactive: bool = True) -> list[CustomerMatch]:
    """Up to ``limit`` customers whose name, industry or contacts (name, phone, e-mail)
    contain every term of ``text_`` — what the command palette lists as the user types.

    The best-ranked name matches first (``search``'s order: the exact name, then names that
    start with the first term), each contact standing for its customer; then, up to
    ``limit``, the other matches of the board's filter (:func:`customer_search_clause`,
    which also matches the normalised name) in name order. A text of one-character terms
    only: customers whose own name or industry contains it before those found by a contact
    (``limit`` in all, shown in name order; ``_one_character_matches``). Every query is
    index-bound or stopped by its ``LIMIT``. Archived and lost customers are left out unless
    ``include_inactive``.
    """
    long_terms, short_terms = split_terms(text_)
    pairs = [t for t in short_terms if len(t) == PAIR]
    inactive = not_(active_customer_clause()).label("inactive")
    columns = (col(Customer.id), col(Customer.name), col(Customer.industry), inactive)
    found: list[tuple[int | None, str, str, bool]] = []
    if long_terms or pairs:
        needle = (long_terms or pairs)[0].casefold()
        ranked = _ranked_names(_name_rows(session, long_terms, short_terms, limit), needle,
                               NAME_POOL)
        order = list(dict.fromkeys(h.customer_id for h in ranked if h.customer_id is not None))
        # By primary key only: an "active" condition here could make SQLite walk an
        # (archived_at, lost_on, …) index over every customer instead.
        rows = {row[0]: row for row in session.exec(
            model_select(*columns).where(col(Customer.id).in_(order)))}
        found = [rows[cid] for cid in order
                 if cid in rows and (include_inactive or not rows[cid][3])][:limit]
    if not (long_terms or pairs) and text_.strip():
        found = _one_character_matches(session, text_, columns, limit, include_inactive)
    elif len(found) < limit and text_.strip():
        # The rest in name order: what the ranked names did not reach (many contacts of one
        # customer, archived ones) and the normalised name ("Acme Co., Ltd." → "acme").
        statement = model_select(*columns).where(customer_search_clause(text_))
        if found:
            statement = statement.where(col(Customer.id).not_in([row[0] for row in found]))
        if not include_inactive:
            statement = statement.where(active_customer_clause())
        statement = statement.order_by(col(Customer.name), col(Customer.id))
        found += list(session.exec(statement.limit(limit - len(found))))
    return [CustomerMatch(cid, name, industry) for cid, name, industry, _inactive in found[:limit]
            if cid is not None]


def not_indexed(clause: ColumnElement[bool], model: Any = Customer) -> ColumnElement[bool]:
    """``clause`` with the columns of ``model``'s table written ``+table.column``: the same
    condition, but SQLite cannot answer it from an index. The filtered board's conditions
    on the board index's columns (active, state) hold for nearly every customer; left
    indexable, SQLite walks that index (every customer of the column) instead of looking
    up the few customers the names index found. Likewise one customer's needs by status, and
    the palette's scan for one character (``_one_character_matches``)."""
    table = model.__table__

    def plus(element: Any, **_kw: Any) -> Any:
        if getattr(element, "table", None) is table and getattr(element, "name", None):
            return literal_column(f"+{model.__tablename__}.{element.name}")
        return None

    options: dict[str, Any] = {}
    return replacement_traverse(clause, options, plus)


def _one_character_matches(session: Session, text_: str, columns: Sequence[Any], limit: int,
                           include_inactive: bool) -> list[Any]:
    """``find_customers`` for a text of one-character terms, which no index can answer:
    customers whose own name, normalised name or industry contains the text first, then —
    only if those are fewer than ``limit`` — customers by their contacts; in name order.

    Each query has no ``ORDER BY``, so its scan stops at its ``limit``'s last match: a
    common character ("N", "王") costs the few rows before it, and the scan of every
    contact (30,000 at stress) runs only when the customers' own columns run out."""
    shape, values = customer_search_terms(text_)
    pattern = values[shape.index(LIKE)]
    own = [_like(col(Customer.name), pattern), _like(col(Customer.industry), pattern)]
    if KEY_LIKE in shape:
        own.append(_like(col(Customer.name_key), values[shape.index(KEY_LIKE)]))
    by_contact = col(Customer.id).in_(model_select(col(Contact.customer_id)).where(
        or_(*(_like(c, pattern) for c in (col(Contact.name), col(Contact.phone),
                                          col(Contact.email))))))
    found: list[Any] = []
    for condition in (or_(*own), by_contact):
        statement = model_select(*columns).where(condition)
        if found:
            statement = statement.where(col(Customer.id).not_in([row[0] for row in found]))
        if not include_inactive:  # a table scan, not a walk of an active-customers index
            statement = statement.where(not_indexed(active_customer_clause()))
        found += session.exec(statement.limit(limit - len(found)))
        if len(found) >= limit:
            break
    return sorted(found, key=lambda row: (row[1], row[0] or 0))


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
    extra = "".join(f" AND {like_sql('body', f':s{i}')}" for i in range(len(short_terms)))
    sql = (
        f"SELECT rowid, customer_id, body FROM {INDEX_TABLE} "
        f"WHERE {INDEX_TABLE} MATCH :q AND rowid % 8 IN ({kind_list}){extra} "
        "ORDER BY rowid DESC LIMIT :limit"
    )
    params: dict[str, Any] = {"q": expression, "limit": limit}
    params.update({f"s{i}": like_pattern(t) for i, t in enumerate(short_terms)})
    return _rows(session, sql, params)


def _hit(row: tuple[int, int | None, str], needle: str, rank: float) -> SearchHit:
    rowid, customer_id, body = row
    body = " ".join(body.split())
    at = body.casefold().find(needle)
    return SearchHit(HitKind(rowid % 8), rowid // 8, customer_id, snippet_of(body, at), rank)


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
    customer_where = [or_(like_clause(col(Customer.name), t),
                          like_clause(col(Customer.name_key), t)) for t in terms]
    customers = session.exec(
        model_select(col(Customer.id), col(Customer.name)).where(*customer_where).limit(limit)
    ).all()
    contact_where = [or_(*(like_clause(c, t)
                           for c in (col(Contact.name), col(Contact.phone), col(Contact.email))))
                     for t in terms]
    contacts = session.exec(
        model_select(col(Contact.id), col(Contact.customer_id), col(Contact.name))
        .where(*contact_where).limit(limit)
    ).all()
    hits = [SearchHit(HitKind.CUSTOMER, cid or 0, cid, name, float(i))
            for i, (cid, name) in enumerate(sorted(customers, key=lambda r: r[1]))]
    hits += [SearchHit(HitKind.CONTACT, pid or 0, cid, name, float(i))
             for i, (pid, cid, name) in enumerate(sorted(contacts, key=lambda r: r[2]))]
    return hits


def _names_expression(text_: str) -> str | None:
    """The names-index query for every term of ``text_``, or None when the text has a
    one-character term, which no index can answer (or no term at all)."""
    long_terms, short_terms = split_terms(text_)
    if not (long_terms or short_terms) or any(len(t) < PAIR for t in short_terms):
        return None
    return names_match_expression(long_terms, short_terms)


def _matching_ids(expression: Any) -> Select[Any]:
    return select(_names.c.customer_id).where(
        literal_column(NAMES_TABLE).op("MATCH")(expression))


def customer_ids_matching(text_: str) -> Select[Any] | None:
    """A ``SELECT customer_id`` of customers whose name, industry or contacts (name, phone,
    e-mail) contain every term of ``text_`` — for the board and customer list filters — or
    None when the text has a one-character term, which no index can answer (the caller then
    uses ``LIKE``). Reads the names index only, not every record that matches."""
    expression = _names_expression(text_)
    return None if expression is None else _matching_ids(expression)


# The parts of a customer filter (``customer_search_terms``); each has one bound value.
MATCH = "match"  # the names index matches every term (the value: its FTS5 query)
LIKE = "like"  # name, industry or a contact's name, phone or e-mail contains the text
KEY_MATCH = "key_match"  # the names index matches the normalised name's terms
KEY_LIKE = "key_like"  # the normalised name contains the normalised text
# The names index matches the text's terms of two characters or more (the value: its FTS5
# query): what a LIKE of the whole text implies (a row that contains the text contains
# each of its terms), so the LIKE that follows looks only at the customers it finds.
WITHIN = "within"
SearchShape = tuple[str, ...]


def customer_search_terms(text_: str) -> tuple[SearchShape, tuple[str, ...]]:
    """(shape, values) of the filter on ``text_`` (:func:`customer_search_clause`): which
    parts it ORs together (a ``WITHIN`` narrows the ``LIKE`` after it), and the bound
    value of each, in order. Texts of one shape share
    one statement (:func:`customer_search_condition` with parameters).

    Terms of two or more characters go through the names index, one lookup instead of a
    ``LIKE`` over every customer and its contacts; a one-character term, which no index
    can match, falls back to ``LIKE`` of the whole text (among the customers the index
    finds for the text's other terms, if it has any). The normalised name
    ("ＡＢＣ Co., Ltd." → "abc") is matched, too, unless it is just the terms run together
    (already implied by matching the terms).
    """
    key = company_key(text_)
    expression = _names_expression(text_)
    if expression is None:
        long_terms, short_terms = split_terms(text_)
        pairs = [t for t in short_terms if len(t) == PAIR]
        shape, values = [], []
        if long_terms or pairs:
            shape.append(WITHIN)
            values.append(names_match_expression(long_terms, pairs))
        shape.append(LIKE)
        values.append(like_pattern(text_.strip()))
        if key:
            shape.append(KEY_LIKE)
            values.append(like_pattern(key))
        return tuple(shape), tuple(values)
    shape, values = [MATCH], [expression]
    if key and key != "".join(text_.casefold().split()):
        by_key = _names_expression(key)
        shape.append(KEY_LIKE if by_key is None else KEY_MATCH)
        values.append(like_pattern(key) if by_key is None else by_key)
    return tuple(shape), tuple(values)


def customer_search_condition(shape: SearchShape, params: Sequence[Any]
                              ) -> ColumnElement[bool]:
    """The filter of ``shape`` with ``params[i]`` (a value or a ``bindparam``) for the
    value of part ``i`` (see :func:`customer_search_terms`)."""
    clauses: list[ColumnElement[bool]] = []
    within: Any = None
    for part, param in zip(shape, params, strict=True):
        if part == WITHIN:
            within = col(Customer.id).in_(_matching_ids(param))
        elif part in (MATCH, KEY_MATCH):
            clauses.append(col(Customer.id).in_(_matching_ids(param)))
        elif part == KEY_LIKE:
            clauses.append(_like(col(Customer.name_key), param))
        else:
            contact_like = or_(*(_like(c, param) for c in (col(Contact.name),
                                                            col(Contact.phone),
                                                            col(Contact.email))))
            # Narrowed: the contacts of the customers the index found; else one scan of the
            # contacts rather than a look-up of every customer's.
            contact_match = (
                model_select(Contact.id).where(Contact.customer_id == Customer.id,
                                               contact_like).exists()
                if within is not None else
                col(Customer.id).in_(model_select(col(Contact.customer_id)).where(contact_like))
            )
            likes = or_(_like(col(Customer.name), param), _like(col(Customer.industry), param),
                        contact_match)
            clauses.append(likes if within is None else and_(within, likes))
    return or_(*clauses)


def _like(column_: Any, pattern: Any) -> ColumnElement[bool]:
    """``column_ LIKE pattern`` for a pattern made by ``rules.like_pattern``."""
    clause: ColumnElement[bool] = column_.like(pattern, escape=LIKE_ESCAPE)
    return clause


def customer_search_clause(text_: str) -> ColumnElement[bool]:
    """SQL condition matching ``text_`` in a customer's name (also normalised), industry or
    contacts (name, phone, e-mail) — the board's, the customers table's and the palette's
    filter (:func:`customer_search_terms` says how)."""
    shape, values = customer_search_terms(text_)
    return customer_search_condition(shape, values)
