"""The JSON API of procedures: templates, messages, answers."""

from __future__ import annotations

from ninja import Router

router = Router()
