"""The registry's contract: ids, parameters, periods, units; compute_all over every indicator."""
from datetime import date

import pytest

from zwgk.indicators import registry
from zwgk.indicators.compute import compute_all
from zwgk.indicators.registry import REGISTRY, IndicatorValue, get, year_period
from zwgk.ledgers.models import Circular, Message, Publication
from zwgk.organisations.models import Unit

Y2021 = year_period(2021)
IDS = {
    "publication_late": "count", "message_reply_late": "count", "gazette_online_late": "count",
    "months_under_minimum": "count", "content_items_overdue": "count", "interpretation_late": "count",
    "interpretation_diverse_rate": "value", "interpretation_channel_rate": "value",
    "media_missing_posts": "count", "media_interpretations_short": "count", "circulars_by_level": "tags",
    "submissions_missed": "count", "livelihood_reports_missed": "count", "checks_missed": "count",
    "documents_nonpublic_unreasoned": "count", "interpretation_unlinked": "count", "policy_uninterpreted": "count",
    "meetings_held": "count", "meetings_missing": "count", "opinions_unanswered": "count", "opinions_large": "count",
    "deadline_missed": "count", "circulars_count": "count",
}


def test_every_indicator_is_registered_with_a_label_and_a_definition():
    assert {i: indicator.yields for i, indicator in REGISTRY.items()} == IDS
    assert all(indicator.label and indicator.definition for indicator in REGISTRY.values())


def test_parameters_and_periods_are_checked(town):
    with pytest.raises(TypeError, match="unknown"):
        get("publication_late").per_unit([town], Y2021, day=20)
    with pytest.raises(TypeError, match="days should be int"):
        get("publication_late").per_unit([town], Y2021, days="20")
    with pytest.raises(ValueError):
        get("publication_late").per_unit([town], (date(2021, 12, 31), date(2021, 1, 1)))


def _ledgers(town, dept):
    for unit, late in ((town, 2), (dept, 1)):
        for i in range(late):
            Publication.objects.create(unit=unit, title=f"late {i}", formed_on=date(2021, 1, 4),
                                       published_on=date(2021, 6, 1))
    Message.objects.create(unit=town, channel="留言板", reference="1", received_on=date(2021, 3, 1))
    Circular.objects.create(unit=dept, kind="通报", level="市政府办公室", number="1", issued_on=date(2021, 3, 1),
                            subject="检查")


def test_compute_all(town, dept):
    _ledgers(town, dept)
    result = compute_all(Unit.objects.all(), Y2021)
    assert set(result) == set(IDS)
    assert all(set(values) == {town.pk, dept.pk} for values in result.values())
    assert result["publication_late"] == {town.pk: IndicatorValue(2, False, 2), dept.pk: IndicatorValue(1, False, 1)}
    assert result["message_reply_late"][town.pk].value == 1
    assert result["circulars_by_level"][dept.pk].value == {"市政府办公室": 1}
    assert result["months_under_minimum"][town.pk].value == 12
    assert result["interpretation_diverse_rate"][town.pk].value is None


def test_a_long_unit_list_reads_whole_ledgers_and_gives_the_same(town, dept, monkeypatch):
    _ledgers(town, dept)
    filtered = compute_all([town], Y2021)
    monkeypatch.setattr(registry, "UNIT_FILTER_MAX", 0)
    assert compute_all([town], Y2021) == filtered
    assert all(set(values) == {town.pk} for values in filtered.values())
