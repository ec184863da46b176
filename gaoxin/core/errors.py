"""Domain errors: raised by services, turned into messages by views and JSON by the API."""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation, with a stable code and a message for the user (Chinese by default)."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409
