"""The column mapping last used for a file with the same headers, proposed at the next
import of such a file (the monthly export of the same system, the same colleague's sheet).

Stored in the data file's settings (``core.settings.store``) under one key per header set:
``import_mapping:`` and a hash of the normalised headers in order — the same headers in
another order are another layout. The value is ``{"<column index>": "<field>"}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mycrm.core.data.columns import Field, header_key
from mycrm.core.settings.keys import Key
from mycrm.core.settings.store import get_setting, set_setting

if TYPE_CHECKING:
    from sqlmodel import Session

KEY_PREFIX = "import_mapping:"


def mapping_key(headers: Sequence[str]) -> Key[dict[str, str]]:
    digest = hashlib.sha256("\x1f".join(header_key(h) for h in headers).encode()).hexdigest()
    return Key(KEY_PREFIX + digest[:40], {})


def remembered_mapping(session: Session, headers: Sequence[str]) -> dict[int, Field] | None:
    """The mapping stored for ``headers``, or None. Entries this version does not know (a
    field renamed, a column index out of range) are left out."""
    stored = get_setting(session, mapping_key(headers))
    if not stored:
        return None
    known = {f.value for f in Field}
    mapping = {int(col): Field(fld) for col, fld in stored.items()
               if col.isdigit() and int(col) < len(headers) and fld in known}
    return dict(sorted(mapping.items()))


def remember_mapping(session: Session, headers: Sequence[str], mapping: dict[int, Field]
                     ) -> None:
    """Keep ``mapping`` for the next file with these headers (in the caller's transaction)."""
    set_setting(session, mapping_key(headers),
                {str(col): fld.value for col, fld in sorted(mapping.items())})
