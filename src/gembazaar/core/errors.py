"""One application error type. Services raise it; the API and views render it as a 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken by the caller's input.

    `code` is machine-readable, `message` is for a human, `field` names the input at fault.
    """

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Not found.", *, field: str | None = None):
        super().__init__(message, code="not_found", field=field)


class Forbidden(DomainError):
    """Signed in, but without the role this needs (council staff, a seller's member): 403, not 401."""

    status = 403

    def __init__(self, message: str, *, code: str = "forbidden"):
        super().__init__(message, code=code, field=None)
