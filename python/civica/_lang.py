"""The language a piece of civica's output is written in, by one rule for every module:
``ru`` or ``en``, read without regard to case, None (or "") for the caller's default."""

from __future__ import annotations

from typing import Optional

LANGUAGES = ("ru", "en")


def language_code(lang: Optional[str], default: str = "ru") -> str:
    """``lang`` as civica's code (``"EN"`` → ``"en"``), ``default`` for None or ""; a
    ValueError names a language civica does not write."""
    if lang is None or lang == "":
        return default
    code = str(lang).lower()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} (use one of {', '.join(LANGUAGES)})")
    return code
