"""What the phone companion keeps in the data file: the paired phones (``devices``), the
entries they sent, each written once (``entries``), and the answers the phone reads
(``summary``) — composed from the same core services the desktop pages call. Qt-free; the
HTTP adapter is ``mycrm.companion``."""
