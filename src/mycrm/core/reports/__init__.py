"""Reports made from what was recorded: the QBR report for one customer (``qbr``) and the
weekly / monthly work report (``work``).

Each report is one plain, Qt-free structure built here by the same services and queries the
pages use, so a figure in a report is the figure the app shows; ``mycrm.ui.reports`` words it
and renders it (PDF, Word, Markdown). Nothing here is a sentence: texts are what the user
typed, everything else is a date, a number or a code.
"""
