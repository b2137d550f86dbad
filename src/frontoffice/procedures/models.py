"""Procedures: protocols, message templates, messages, the knowledge base."""

from __future__ import annotations
