"""Exact decimal helpers: every point in zwgk is a `Decimal`, never a binary float."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ScoringError

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def to_decimal(value, what: str = "数值") -> Decimal:
    """Turn an int, a decimal string, a `Decimal` or a float (via its shortest repr) into a Decimal.

    Percent strings (``"84%"``, ``"84％"``) become fractions (0.84).
    """
    if isinstance(value, bool):
        raise ScoringError("not_a_number", f"{what}应为数字，收到的是 {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("％", "%")
        percent = text.endswith("%")
        try:
            result = Decimal(text[:-1] if percent else text)
        except InvalidOperation:
            raise ScoringError("not_a_number", f"{what}应为数字，收到的是 {value!r}") from None
        if percent:
            result = result / HUNDRED
    else:
        raise ScoringError("not_a_number", f"{what}应为数字，收到的是 {value!r}")
    if not result.is_finite():
        raise ScoringError("not_a_number", f"{what}应为有限数字，收到的是 {value!r}")
    return result


def shown(value: Decimal) -> Decimal:
    """A figure as it is shown and published: two decimals, half up. Grades and ranks are read
    from this figure, never from the unrounded one, so a total shown as 90.00 is in the 90 band."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str | None:
    """Points as people write them: at most two decimals, no trailing zeros (2, 1.5, 0.25)."""
    if value is None:
        return None
    q = shown(value)
    if q == 0:
        return "0"
    text = format(q.normalize(), "f")
    return text


def fmt_rate(value: Decimal) -> str:
    """A fraction as a percentage for explanations (0.85 → 85%)."""
    return f"{fmt(value * HUNDRED)}%"

