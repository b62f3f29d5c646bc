"""Scores as the documents write them: 3, not 3.00; 0.5, not 0.50; a dash (or the given text) for none."""
from decimal import Decimal

from django import template

from zwgk.scoring.clauses import fmt_exact

register = template.Library()


@register.filter
def pts(value, empty: str = "—") -> str:
    if value is None or value == "":
        return empty
    return fmt_exact(value) if isinstance(value, Decimal) else str(value)
