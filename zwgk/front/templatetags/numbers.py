"""Scores as the documents write them: 3, not 3.00; 0.5, not 0.50; a dash (or the given text) for none."""
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pts(value, empty: str = "—") -> str:
    if value is None or value == "":
        return empty
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
