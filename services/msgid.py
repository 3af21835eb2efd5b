"""Marking user-facing English msgids in services for translation extraction."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Return `message` unchanged; the UI translates it where it is shown."""
    return message
