"""The JSON API of guest services: complaints."""

from __future__ import annotations

from ninja import Router

router = Router()
