"""Service errors: callbacks map these to messages; anything else is a bug."""

from __future__ import annotations

from services.msgid import N_


class ServiceError(Exception):
    """Base of every error a user may see. `message` is an English msgid."""

    def __init__(self, message: str = "", **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class NotFound(ServiceError):
    def __init__(
        self, message: str = N_("Record not found."), **params: object
    ) -> None:
        super().__init__(message, **params)


class PermissionDenied(ServiceError):
    def __init__(
        self,
        message: str = N_("You do not have permission to do this."),
        **params: object,
    ) -> None:
        super().__init__(message, **params)


class Conflict(ServiceError):
    """Someone else changed the record (optimistic lock) or a race was lost."""


class ValidationFailed(ServiceError):
    """Every field error at once: {field: English msgid}; `params` fill placeholders."""

    def __init__(self, errors: dict[str, str], **params: object) -> None:
        super().__init__(N_("Please correct the highlighted fields."), **params)
        self.errors = errors
