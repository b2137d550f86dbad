"""The API's lists: `limit` and `offset` as Django Ninja takes them, with an offset no
database can be asked for refused as bad input (422), not a 500 from the engine (SQLite
takes at most a 64-bit integer)."""

from __future__ import annotations

from ninja import Field
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class SerialisedPage:
    """A queryset the paginator can count and slice, serialising only the page it takes
    (a list endpoint returns it instead of the queryset)."""

    def __init__(self, queryset, serialise):
        self.queryset = queryset
        self.serialise = serialise

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        return [self.serialise(row) for row in self.queryset[item]]
