"""Guest services: complaints."""

from __future__ import annotations
