
import pytest

from zwgk.accounts.models import Membership
from zwgk.organisations.models import Contact, Unit


@pytest.fixture
def units(db):
    town = Unit.objects.create(name="横水镇", kind=Unit.Kind.TOWNSHIP, order=1)
    dept = Unit.objects.create(name="县财政局", kind=Unit.Kind.DEPARTMENT, order=2)
    section = Unit.objects.create(name="预算股", kind=Unit.Kind.OTHER, parent=dept, order=3)
    return {"town": town, "dept": dept, "section": section}


@pytest.fixture
def user_with(django_user_model):
    def make(role, unit=None, username=None):
        user = django_user_model.objects.create_user(username or f"{role}-{unit.pk if unit else 0}")
        if role == "superuser":
            user.is_superuser = True
            user.save()
        elif role:
            Membership.objects.create(user=user, role=role, unit=unit)
        return user
    return make


@pytest.fixture
def office_client(client, user_with):
    client.force_login(user_with("office"))
    return client


@pytest.fixture
def contacts(units):
    return {
        "town": Contact.objects.create(unit=units["town"], name="李敏", title="党政办主任", phone="0359-6521001"),
        "dept": Contact.objects.create(unit=units["dept"], name="王强", title="办公室主任", phone="13812345678"),
    }


@pytest.fixture
def make_xlsx(xlsx_upload):
    """An uploaded .xlsx built with openpyxl from a list of rows."""
    return lambda rows, name="联系人.xlsx": xlsx_upload(rows, name)
