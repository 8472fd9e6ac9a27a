"""The language a piece of civica's output is written in, by one rule for every module:
``ru`` or ``en`` (any letter case; also rus/russian, eng/english), None (or "") for the caller's default."""

from __future__ import annotations

from typing import Optional

LANGUAGES = ("ru", "en")


def language_code(lang: Optional[str], default: str = "ru") -> str:
    """``lang`` as civica's code (``"EN"`` → ``"en"``, ``"russian"`` → ``"ru"``: the rule of
    civica/text/language.hpp, which the C++ report and calendar apply), ``default`` for None or
    ""; a ValueError names a language civica does not write."""
    if lang is None or lang == "":
        return default
    from . import _core

    try:
        return str(_core.language_code(str(lang)))
    except _core.ValidationError:
        raise ValueError(f"unknown language {str(lang).lower()!r} (use one of {', '.join(LANGUAGES)})") from None
