"""The JSON API of guest services: concierge."""

from __future__ import annotations

from ninja import Router

router = Router()
