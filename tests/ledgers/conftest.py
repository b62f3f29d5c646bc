import io

import pytest
from openpyxl import load_workbook


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Import reports are written under MEDIA_ROOT: keep them out of var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def upload(xlsx_upload):
    """An uploaded file made from xlsx bytes or from a list of rows."""
    return lambda data, name="台账.xlsx": xlsx_upload(data, name)


@pytest.fixture
def sheet_rows():
    """The cell values of an xlsx file's first sheet, row by row."""
    def read(data: bytes) -> list[list]:
        ws = load_workbook(io.BytesIO(data)).worksheets[0]
        return [[c.value for c in row] for row in ws.iter_rows()]
    return read


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in
