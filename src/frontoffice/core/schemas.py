"""Building blocks for API schemas: strings that reject NUL bytes and absurd lengths."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, StringConstraints


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


def Text(max_length: int, min_length: int = 0):  # noqa: N802 - reads like a type
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_no_nul),
    ]


# A password as typed: spaces at either end are part of it.
Password = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_no_nul)]

Code = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=50, pattern=r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
    ),
]
# Room type and rate plan codes as hotels write them (DBL, NONREF); matched case-insensitively.
ShortCode = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=20, pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,18}[A-Za-z0-9])?$"
    ),
]


class ErrorOut(Schema):
    code: str
    detail: str


class HistoryChange(Schema):
    field: str
    label: str
    old: object | None = None
    new: object | None = None


class HistoryEntry(Schema):
    at: dt.datetime
    user: str | None
    action: str
    changes: list[HistoryChange]
    reason: str = ""
