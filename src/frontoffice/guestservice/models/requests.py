"""Guest services: requests."""

from __future__ import annotations
