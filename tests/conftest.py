import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher is slow on purpose; tests only need it to be correct."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path_factory):
    """Uploaded evidence and import reports go to a temporary folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


class County:
    """A small county for the web tests: units, one person per role, a campaign on 寻乌 2022."""

    PASSWORD = "测试密码-correct-horse"

    def __init__(self):
        from django.contrib.auth import get_user_model

        from zwgk.accounts.models import Membership, Role
        from zwgk.campaigns.models import Assignment
        from zwgk.campaigns.setup import create_campaign
        from zwgk.organisations.models import Unit
        from zwgk.schemes.models import Scheme
        from zwgk.schemes.services import load_builtin_schemes

        load_builtin_schemes()
        self.town = Unit.objects.create(name="东山镇", kind=Unit.Kind.TOWNSHIP)
        self.other_town = Unit.objects.create(name="西河镇", kind=Unit.Kind.TOWNSHIP)
        self.finance = Unit.objects.create(name="县财政局", kind=Unit.Kind.DEPARTMENT)
        self.approval = Unit.objects.create(name="县行政审批局", kind=Unit.Kind.DEPARTMENT)
        self.section = Unit.objects.create(name="县行政审批局综合组", kind=Unit.Kind.OTHER, parent=self.approval)
        users = get_user_model().objects

        def person(username, role, unit=None):
            user = users.create_user(username, password=self.PASSWORD)
            Membership.objects.create(user=user, role=role, unit=unit, display_name=username)
            return user

        self.admin = users.create_superuser("admin", password=self.PASSWORD)
        self.office = person("office", Role.OFFICE)
        self.assessor = person("assessor", Role.ASSESSOR)
        self.finance_assessor = person("finance_assessor", Role.ASSESSOR, self.finance)
        self.reporter = person("reporter", Role.REPORTER, self.town)
        self.head = person("head", Role.HEAD, self.town)
        self.other_reporter = person("other_reporter", Role.REPORTER, self.other_town)
        self.other_head = person("other_head", Role.HEAD, self.other_town)
        self.campaign = create_campaign(self.office, Scheme.objects.get(scheme_id="xunwu-2022"),
                                        "2022年度政务公开工作考核", 2022,
                                        [self.town, self.other_town, self.finance, self.approval])
        # The general assessor checks 东山镇 and 西河镇; the finance bureau's assessor checks items 7–8
        # (财政信息公开) for every unit.
        Assignment.objects.create(campaign=self.campaign, assessor=self.assessor, unit=self.town)
        Assignment.objects.create(campaign=self.campaign, assessor=self.assessor, unit=self.other_town)
        for item in ("7", "8"):
            Assignment.objects.create(campaign=self.campaign, assessor=self.finance_assessor, item_id=item)

    def entry(self, unit, item_id: str):
        return self.campaign.entries.get(unit=unit, item_id=item_id)

    def phase(self, phase: str):
        self.campaign.phase = phase
        self.campaign.save()
        return self.campaign


@pytest.fixture
def county(db):
    return County()


@pytest.fixture
def xlsx_upload():
    """xlsx_upload(rows or bytes, name) → an uploaded .xlsx, built with openpyxl from a list of rows."""
    def make(data, name="导入.xlsx") -> SimpleUploadedFile:
        if not isinstance(data, bytes):
            wb = Workbook()
            for row in data:
                wb.active.append(list(row))
            out = io.BytesIO()
            wb.save(out)
            data = out.getvalue()
        return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return make


def small_pdf(text: str = "zwgk") -> bytes:
    """A real one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 24 Tf 40 70 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def pdf_bytes():
    """pdf_bytes(text="zwgk") -> a real one-page PDF, as an upload would bring it."""
    return small_pdf
