"""Reports in the user's language and in three formats.

``core.reports`` builds the data; ``qbr_text`` / ``work_text`` word it into a
:class:`blocks.Document` (titles, headings, facts, tables — the user's texts kept as typed);
``pdf``, ``docx`` and ``markdown`` lay that one document out. No figure is computed here.
"""
