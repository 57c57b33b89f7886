"""The Qt user interface. It calls core services and never writes SQL or holds rules."""
