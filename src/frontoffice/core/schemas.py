"""Building blocks for API schemas: strings that reject NUL bytes and absurd lengths."""

from __future__ import annotations

from typing import Annotated

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


Code = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=50, pattern=r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
    ),
]
ShortCode = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=20, pattern=r"^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$"
    ),
]
