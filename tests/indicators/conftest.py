import pytest

from zwgk.organisations.models import Unit


@pytest.fixture
def town(db):
    return Unit.objects.create(name="东山镇", kind=Unit.Kind.TOWNSHIP)


@pytest.fixture
def dept(db):
    return Unit.objects.create(name="县财政局", kind=Unit.Kind.DEPARTMENT)
