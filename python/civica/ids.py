"""Checks of Russian state registration identifiers (DOMAIN.md section 3).

    >>> from civica import ids
    >>> ids.is_valid_inn("7707083893")
    True
    >>> ids.inn_problem("1234567895")
    'INN "1234567895": check digit is 5, expected 4'

- INN: 10 digits for an organisation, 12 for an individual, with check digits.
- OGRN: 13 digits (organisations); OGRNIP: 15 digits (individual entrepreneurs).
- KPP: 9 characters, 4 digits + 2 digits or capital Latin letters + 3 digits.

The ``is_valid_*`` functions answer True or False; the ``*_problem`` functions say what is
wrong, or return None for a valid identifier. An identifier is text: another argument (the
number 7707083893, bytes, None) is a ``TypeError`` naming it (``is_valid_inn: inn must be text
(str), not int``), not an answer about it.
"""

from __future__ import annotations

from typing import Any, Optional

from . import _core

__all__ = [
    "inn_problem",
    "is_valid_inn",
    "is_valid_inn10",
    "is_valid_inn12",
    "is_valid_kpp",
    "is_valid_ogrn",
    "is_valid_ogrnip",
    "kpp_problem",
    "ogrn_problem",
]


def _text(value: Any, name: str, where: str) -> str:
    """``value`` of the identifier ``name`` when it is text; otherwise a TypeError naming it
    (a number loses an INN's leading zeros, and bytes are not read as digits)."""
    if not isinstance(value, str):
        raise TypeError(f"{where}: {name} must be text (str), not {type(value).__name__}")
    return value


def is_valid_inn(inn: str) -> bool:
    """True for a valid INN of 10 (organisation) or 12 (individual) digits."""
    return bool(_core.ids.is_valid_inn(_text(inn, "inn", "is_valid_inn")))


def is_valid_inn10(inn: str) -> bool:
    """True for a valid 10-digit organisation INN."""
    return bool(_core.ids.is_valid_inn10(_text(inn, "inn", "is_valid_inn10")))


def is_valid_inn12(inn: str) -> bool:
    """True for a valid 12-digit individual INN (both check digits)."""
    return bool(_core.ids.is_valid_inn12(_text(inn, "inn", "is_valid_inn12")))


def is_valid_ogrn(ogrn: str) -> bool:
    """True for a 13-digit OGRN with a correct check digit (first 12 digits mod 11 mod 10)."""
    return bool(_core.ids.is_valid_ogrn(_text(ogrn, "ogrn", "is_valid_ogrn")))


def is_valid_ogrnip(ogrnip: str) -> bool:
    """True for a 15-digit OGRNIP with a correct check digit (first 14 digits mod 13 mod 10)."""
    return bool(_core.ids.is_valid_ogrnip(_text(ogrnip, "ogrnip", "is_valid_ogrnip")))


def is_valid_kpp(kpp: str) -> bool:
    """True for a well-formed 9-character KPP."""
    return bool(_core.ids.is_valid_kpp(_text(kpp, "kpp", "is_valid_kpp")))


def inn_problem(inn: str) -> Optional[str]:
    """Why ``inn`` is not a valid INN, or None when it is valid."""
    return _core.ids.inn_problem(_text(inn, "inn", "inn_problem"))


def ogrn_problem(ogrn: str) -> Optional[str]:
    """Why ``ogrn`` is not a valid OGRN (13 digits) or OGRNIP (15 digits), or None when valid."""
    return _core.ids.ogrn_problem(_text(ogrn, "ogrn", "ogrn_problem"))


def kpp_problem(kpp: str) -> Optional[str]:
    """Why ``kpp`` is not a valid KPP, or None when it is valid."""
    return _core.ids.kpp_problem(_text(kpp, "kpp", "kpp_problem"))
