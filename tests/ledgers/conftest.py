import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Import reports are written under MEDIA_ROOT: keep them out of var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def upload():
    """An uploaded file made from xlsx bytes or from a list of rows."""
    def make(data, name="台账.xlsx") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data if isinstance(data, bytes) else xlsx_bytes(data))
    return make


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
