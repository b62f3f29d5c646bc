"""The SQL of the working-day indicators against WorkCalendar.deadline_met, row by row in Python."""
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.indicators.registry import IndicatorValue, get
from zwgk.ledgers.models import Message, Publication
from zwgk.organisations.models import Unit
from zwgk.workdays import daynumbers
from zwgk.workdays.calendar import load_calendar
from zwgk.workdays.models import LocalDay

# 2026 has data, 2027 has none: spans across the two exercise both flags of deadline_met.
days = st.dates(date(2026, 10, 1), date(2027, 3, 31))
rows = st.lists(st.tuples(days, st.integers(-3, 40)), max_size=12)
local = st.dictionaries(st.dates(date(2026, 11, 1), date(2027, 2, 28)), st.booleans(), max_size=4)
PERIOD = (date(2026, 11, 1), date(2027, 1, 31))


@pytest.fixture
def unit(db, monkeypatch):
    """A unit, and a DayNumber table of four years: local changes rebuild it in every example."""
    monkeypatch.setattr(daynumbers, "FIRST_YEAR", 2025)
    monkeypatch.setattr(daynumbers, "LAST_YEAR", 2028)
    return Unit.objects.create(name="东山镇", kind=Unit.Kind.TOWNSHIP)


def test_publication_late_matches_the_calendar(unit):
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=rows, local=local, n=st.integers(1, 25))
    def check(rows, local, n):
        with transaction.atomic():
            LocalDay.objects.bulk_create(LocalDay(date=d, is_workday=w, note="测试") for d, w in local.items())
            for i, (formed, lag) in enumerate(rows):
                Publication.objects.create(unit=unit, title=f"p{i}", formed_on=formed,
                                           published_on=date.fromordinal(formed.toordinal() + lag))
            cal = load_calendar()
            counted = [p for p in Publication.objects.filter(published_on__range=PERIOD)]
            answers = {p.pk: cal.deadline_met(p.formed_on, p.published_on, n) for p in counted}
            late = {pk for pk, answer in answers.items() if not answer.value}
            expected = IndicatorValue(len(late), any(a.provisional for a in answers.values()), len(counted))
            indicator = get("publication_late")
            assert indicator.per_unit([unit], PERIOD, days=n)[unit.pk] == expected
            assert set(indicator.records(unit, PERIOD, days=n).values_list("pk", flat=True)) == late
            transaction.set_rollback(True)

    check()


def test_unanswered_messages_count_as_answered_after_the_period(unit):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(received=st.lists(days, max_size=10), n=st.integers(1, 10))
    def check(received, n):
        with transaction.atomic():
            for i, day in enumerate(received):
                Message.objects.create(unit=unit, channel="留言板", reference=str(i), received_on=day)
            cal, after = load_calendar(), date(2027, 2, 1)
            answers = [cal.deadline_met(day, after, n) for day in received if PERIOD[0] <= day <= PERIOD[1]]
            expected = IndicatorValue(sum(not a.value for a in answers), any(a.provisional for a in answers),
                                      len(answers))
            assert get("message_reply_late").per_unit([unit], PERIOD, days=n)[unit.pk] == expected
            transaction.set_rollback(True)

    check()
