"""The JSON API of guest services: requests."""

from __future__ import annotations

from ninja import Router

router = Router()
