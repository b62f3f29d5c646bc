"""`{% load evidence_files %}`: whether an evidence file gets a 查看 link."""
from django import template

from zwgk.evidence import serving

register = template.Library()


@register.filter
def viewable(evidence) -> bool:
    """`{% if ev|viewable %}`: a checked image or PDF, which the browser may show in a tab."""
    return serving.viewable(evidence)
