"""公文 not made public (依申请公开, 不予公开) without the reason and basis the ledger must record.

documents_nonpublic_unreasoned (华容 item: 拟依申请公开或不予公开的，要依法依规说明理由; 谷县:
对属性为依申请公开、不予公开的公文…台账管理): the unit's documents dated (issued_on) in the period
whose 公开属性 is not 主动公开 and whose reason (不公开理由) or basis (依据) is left blank. It judges
the attribute given when the document was issued; a later change (changed_to) does not excuse a
missing reason. Whether a document is missing from the ledger altogether cannot be told from the
ledger itself: that is for the assessor comparing it with the document register.
"""
from __future__ import annotations

from django.db.models import Q

from zwgk.indicators.registry import count_indicator, unit_q
from zwgk.ledgers.models import Document

UNREASONED = Q(reason="") | Q(basis="")


def _nonpublic(ids, period, params=None):
    return Document.objects.filter(unit_q(ids), issued_on__range=period).exclude(attribute=Document.Attribute.ACTIVE)


documents_nonpublic_unreasoned = count_indicator(
    "documents_nonpublic_unreasoned", "未说明不公开理由或依据的公文", Document,
    "成文日期在考核期内、公开属性为依申请公开或不予公开的公文中，未填写不公开理由或依据的件数。",
    _nonpublic, UNREASONED)
