"""What the orders API modules share: the error responses an operation documents."""

from __future__ import annotations

from gembazaar.core.api import ErrorOut, ValidationErrorOut

SCHEMAS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut,
           429: ErrorOut, 502: ErrorOut}


def errors(*codes: int) -> dict:
    """The error responses an operation documents, each in the one error shape."""
    return {code: SCHEMAS[code] for code in codes}
