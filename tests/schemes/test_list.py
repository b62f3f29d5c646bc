"""The list of schemes and its downloads."""
import io

from django.urls import reverse
from openpyxl import load_workbook

from zwgk.schemes.models import Scheme
from zwgk.schemes.reading import scheme_data


def test_list_shows_every_scheme_with_its_figures(office_client, county):
    html = office_client.get(reverse("schemes:list")).content.decode()
    xunwu = Scheme.objects.get(scheme_id="xunwu-2022")
    row = html.split("<code>xunwu-2022</code>")[0].rsplit("<tr>", 1)[1] + html.split("<code>xunwu-2022</code>")[1].split("</tr>")[0]
    assert xunwu.title in row
    assert "考核评分" in row and ">2022<" in row and ">100<" in row
    assert f">{len(scheme_data(xunwu)['items'])}<" in row
    assert xunwu.loaded_at.astimezone().strftime("%Y-%m-%d") in row
    jiangxian = html.split("<code>jiangxian-2021</code>")[1].split("</tr>")[0]
    assert "任务分解" in jiangxian
    for scheme in Scheme.objects.all():
        assert reverse("schemes:export_xlsx", args=[scheme.scheme_id]) in html
        assert reverse("schemes:export_yaml", args=[scheme.scheme_id]) in html


def test_excel_export_of_a_builtin_scheme(office_client, county):
    response = office_client.get(reverse("schemes:export_xlsx", args=["xunwu-2022"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for row in book.worksheets[0].iter_rows(max_row=10, values_only=True) for c in row if c]
    assert "评分标准" in cells


def test_yaml_download_is_the_stored_file(office_client, county):
    response = office_client.get(reverse("schemes:export_yaml", args=["guxian-2021"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename=\"guxian-2021.yaml\""
    assert response.content.decode("utf-8") == Scheme.objects.get(scheme_id="guxian-2021").source_yaml


def test_unknown_scheme_is_not_found(office_client, county):
    assert office_client.get(reverse("schemes:export_xlsx", args=["nowhere-2020"])).status_code == 404
    assert office_client.get(reverse("schemes:export_yaml", args=["nowhere-2020"])).status_code == 404
