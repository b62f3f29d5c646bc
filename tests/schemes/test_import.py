"""Importing a rubric table as a scheme: upload, 识别表头, 核对, save."""
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwgk import rubrics
from zwgk.audit.models import Event
from zwgk.schemefiles.loader import build_scheme, parse_yaml
from zwgk.schemefiles.validate import validate_text
from zwgk.schemes import forms as scheme_forms
from zwgk.schemes import importing
from zwgk.schemes import views as scheme_views
from zwgk.schemes.models import ImportDraft, Scheme
from zwgk.scoring.clauses import Kind

READ_AS = "每少1次扣0.5分，扣分上限为2分"
READING = "原文“超过3次的加倍扣分”没有写加倍的基数，按考核办意见以2分为扣分上限。"


def _page(response) -> str:
    return unescape(response.content.decode())


def _upload(client, rubric, **kwargs):
    return client.post(reverse("schemes:import"), {"file": rubric.upload(**kwargs)})


def _to_review(client, rubric, page_form) -> ImportDraft:
    """Upload the small rubric and confirm the columns as recognised; the draft then awaits review."""
    response = _upload(client, rubric)
    draft = ImportDraft.objects.get()
    assert response.url == reverse("schemes:import_columns", args=[draft.pk])
    columns = client.get(response.url)
    response = client.post(response.url, page_form(columns.content.decode(), "role-"))
    assert response.status_code == 302
    assert response.url == reverse("schemes:import_review", args=[draft.pk])
    return draft


def _review_post(client, draft, page_form, action: str, **changes):
    url = reverse("schemes:import_review", args=[draft.pk])
    data = page_form(client.get(url).content.decode(), "item-1-")
    data.update(changes, action=action)
    return client.post(url, data)


def _item(data: dict, text_part: str) -> dict:
    return next(i for i in data["items"] if text_part in (i.get("text") or ""))


# ---------------------------------------------------------------- upload

def test_upload_keeps_a_draft_and_shows_the_recognised_columns(office_client, county, rubric):
    response = _upload(office_client, rubric)
    draft = ImportDraft.objects.get()
    assert (draft.owner, draft.filename) == (county.office, "考核细则.xlsx")
    assert draft.roles == [["level", "level", "points", "text"]]
    assert [i["path"] for i in draft.scheme["items"]] == [["组织领导", "工作机制"], ["组织领导", "年度要点"], ["主动公开", "信息发布"]]

    html = _page(office_client.get(response.url))
    assert "识别表头" in html and "工作表“评分表”" in html
    assert '<option value="points" selected>' in html  # 分值 preselected on its column
    assert "未召开专题会议研究政务公开工作的" in html  # sample rows shown
    assert "不导入" in html


@pytest.mark.parametrize("data, name", [
    (b"PK\x03\x04 not really a zip", "考核细则.xlsx"),
    (b"%PDF-1.7 a scanned document", "考核细则.txt"),
    ("只是一段说明文字，没有表格。".encode(), "说明.txt"),
])
def test_unreadable_file_shows_the_reason_and_saves_nothing(office_client, rubric, data, name):
    with pytest.raises(rubrics.RubricFileError) as caught:
        rubrics.read_rubric(rubrics.read_tables(name, data))
    schemes = Scheme.objects.count()

    response = _upload(office_client, rubric, data=data, name=name)
    assert response.status_code == 200
    assert caught.value.message in _page(response)
    assert not ImportDraft.objects.exists()
    assert Scheme.objects.count() == schemes
    assert not Event.objects.filter(action="导入考核方案").exists()


@pytest.mark.parametrize("name, message", [
    ("考核细则.pdf", "只能导入 Excel（.xlsx）、Word（.docx）或文本（.txt）文件"),
    ("考核细则.xls", "旧版 Excel（.xls）"),
    ("考核细则.doc", "旧版 Word（.doc）"),
])
def test_other_file_types_are_refused_by_name(office_client, rubric, name, message):
    response = _upload(office_client, rubric, name=name)
    assert message in _page(response)
    assert not ImportDraft.objects.exists()


def test_upload_size_is_limited(office_client, rubric, monkeypatch):
    monkeypatch.setattr(scheme_forms, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(scheme_views, "MAX_UPLOAD_BYTES", 1000)
    response = _upload(office_client, rubric)
    assert "超过 10MB 的上限" in _page(response)
    assert not ImportDraft.objects.exists()


def test_no_file_chosen(office_client):
    response = office_client.post(reverse("schemes:import"), {})
    assert "请选择要导入的考核细则文件" in _page(response)
    assert not ImportDraft.objects.exists()


# ---------------------------------------------------------------- 识别表头

def test_columns_left_without_any_rubric_column_are_refused(office_client, rubric, page_form):
    _upload(office_client, rubric)
    draft = ImportDraft.objects.get()
    url = reverse("schemes:import_columns", args=[draft.pk])
    data = page_form(office_client.get(url).content.decode(), "role-")
    data.update({"role-0-2": "", "role-0-3": ""})  # 分值 and 评分标准 set to 不导入
    response = office_client.post(url, data)

    assert response.status_code == 200
    html = _page(response)
    assert "请调整各列的用途" in html
    chosen = html.split('name="role-0-3"')[1].split("</select>")[0]
    assert " selected" not in chosen  # the person's choice (不导入) is shown again
    draft.refresh_from_db()
    assert draft.roles == [["level", "level", "points", "text"]]  # the last good mapping is kept


def test_columns_remapped_are_read_again(office_client, rubric, page_form):
    _upload(office_client, rubric)
    draft = ImportDraft.objects.get()
    url = reverse("schemes:import_columns", args=[draft.pk])
    data = page_form(office_client.get(url).content.decode(), "role-")
    data["role-0-3"] = "requirement"  # read the 评分标准 column as 考核要求
    assert office_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.roles == [["level", "level", "points", "requirement"]]
    assert draft.scheme["items"][0]["requirement"].startswith("未成立政务公开工作领导小组")
    assert draft.scheme["items"][0]["text"] is None


# ---------------------------------------------------------------- 核对 and save

def test_review_shows_each_item_beside_its_reading(office_client, rubric, page_form):
    draft = _to_review(office_client, rubric, page_form)
    html = _page(office_client.get(reverse("schemes:import_review", args=[draft.pk])))
    assert "组织领导 / 工作机制" in html
    assert "条款1" in html and "未达到要求的，扣2分" in html  # the engine's wording, with the amount
    assert "每发现1次，扣0.5分" in html
    assert f'<mark title="未能识别的文字">{rubric.unread}</mark>' in html
    assert "未能识别的文字" in html
    assert 'href="#item-3"' in html and 'id="item-3"' in html  # the warning links to its item
    assert "按此理解" in html and "理解说明" in html
    assert 'name="scheme_id"' in html and "保存方案" in html and "重新识别" in html


def test_full_import_with_a_corrected_reading(office_client, county, rubric, page_form):
    draft = _to_review(office_client, rubric, page_form)

    response = _review_post(office_client, draft, page_form, "reread", **{"item-3-read_as": READ_AS, "item-3-reading": READING})
    assert response.status_code == 302
    draft.refresh_from_db()
    third = _item(draft.scheme, rubric.unread)
    assert (third["read_as"], third["reading"]) == (READ_AS, READING)
    assert third["clauses"][0]["cap"] == "2"
    html = _page(office_client.get(response.url))
    assert "每发现1次，扣0.5分，扣分上限为2分" in html
    assert "<mark" not in html
    assert "已保存修改并重新识别" in html

    response = _review_post(office_client, draft, page_form, "save", scheme_id="mouxian-2024", year="2024",
                            total_points="12")
    assert response.status_code == 302 and response.url == reverse("schemes:list")
    saved = Scheme.objects.get(scheme_id="mouxian-2024")
    assert (saved.title, saved.year, saved.kind, saved.total_points) == (rubric.title, 2024, "assessment", Decimal(12))
    assert not ImportDraft.objects.exists()

    data = parse_yaml(saved.source_yaml, "mouxian-2024")
    assert [i for i in validate_text(saved.source_yaml) if i.level == "error"] == []
    third = _item(data, rubric.unread)
    assert (third["text"], third["read_as"], third["reading"]) == (rubric.rows[4][3], READ_AS, READING)
    engine = build_scheme(data, "mouxian-2024")
    rule = next(i.rule for i in engine.items if i.id == third["id"])
    assert [(c.kind, c.amount, c.cap) for c in rule.clauses] == [(Kind.PER_OCCURRENCE, Decimal("0.5"), Decimal(2))]

    event = Event.objects.get(action="导入考核方案")
    assert event.actor == county.office and "mouxian-2024" in event.target and "考核细则.xlsx" in event.reason
    html = _page(office_client.get(reverse("schemes:list")))
    assert "已保存考核方案“某某县2024年度政务公开工作考核评分表”（编号 mouxian-2024），共3项指标。" in html
    assert "mouxian-2024" in html


def test_edited_points_and_text_are_read_again(office_client, rubric, page_form):
    draft = _to_review(office_client, rubric, page_form)
    response = _review_post(office_client, draft, page_form, "reread",
                            **{"item-2-points": "2", "item-2-text": "未按时印发年度政务公开工作要点的，扣1分。"})
    assert response.status_code == 302
    draft.refresh_from_db()
    second = draft.scheme["items"][1]
    assert second["points"] == "2"
    assert [c["amount"] for c in second["clauses"]] == ["1"]


@pytest.mark.parametrize("scheme_id, message", [
    ("xunwu-2022", "已有编号为“xunwu-2022”的考核方案"),
    ("Mouxian 2024", "编号“Mouxian 2024”不符合格式"),
    ("mouxian-", "编号“mouxian-”不符合格式"),
    ("", "请填写方案编号"),
])
def test_save_refuses_a_bad_or_taken_id(office_client, rubric, page_form, scheme_id, message):
    draft = _to_review(office_client, rubric, page_form)
    schemes = Scheme.objects.count()
    response = _review_post(office_client, draft, page_form, "save", scheme_id=scheme_id)
    assert response.status_code == 200
    assert message in _page(response)
    assert Scheme.objects.count() == schemes
    assert ImportDraft.objects.filter(pk=draft.pk).exists()
    assert not Event.objects.filter(action="导入考核方案").exists()


def test_builtin_id_not_loaded_is_still_refused(office_client, rubric, page_form):
    draft = _to_review(office_client, rubric, page_form)
    Scheme.objects.filter(scheme_id="huarong-2021").delete()
    response = _review_post(office_client, draft, page_form, "save", scheme_id="huarong-2021")
    assert "“huarong-2021”是内置考核方案的编号" in _page(response)
    assert not Scheme.objects.filter(scheme_id="huarong-2021").exists()


def test_bad_points_and_missing_title_save_nothing(office_client, rubric, page_form):
    draft = _to_review(office_client, rubric, page_form)
    before = draft.scheme
    response = _review_post(office_client, draft, page_form, "save", scheme_id="mouxian-2024", title="",
                            **{"item-1-points": "四分", "item-2-read_as": "每发现1次扣1分"})
    html = _page(response)
    assert "请填写方案名称" in html
    assert "分值应为数字，如 2 或 0.5" in html
    assert "没有保存任何修改" in html
    assert not Scheme.objects.filter(scheme_id="mouxian-2024").exists()
    draft.refresh_from_db()
    assert draft.scheme == before


def test_a_malformed_id_stops_rereading_too(office_client, rubric, page_form):
    draft = _to_review(office_client, rubric, page_form)
    response = _review_post(office_client, draft, page_form, "reread", scheme_id="某某县")
    assert "编号“某某县”不符合格式" in _page(response)


def test_scheme_file_errors_stop_the_save(office_client, rubric, page_form):
    """What the validator calls an error (here: a ledger binding to a clause the item does not
    have, as an edited export could carry) is listed, and nothing is saved."""
    draft = _to_review(office_client, rubric, page_form)
    draft.scheme["items"][1]["bindings"] = [{"clause": 9, "indicator": "media_missing_posts"}]
    draft.save()
    response = _review_post(office_client, draft, page_form, "save", scheme_id="mouxian-2024")
    html = _page(response)
    assert "没有保存。请按提示修改后再点“保存方案”" in html
    assert "绑定的条款 9 不存在" in html
    assert not Scheme.objects.filter(scheme_id="mouxian-2024").exists()
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_discarding_a_draft(office_client, rubric):
    _upload(office_client, rubric)
    draft = ImportDraft.objects.get()
    assert office_client.get(reverse("schemes:import_discard", args=[draft.pk])).status_code == 405
    response = office_client.post(reverse("schemes:import_discard", args=[draft.pk]), follow=True)
    assert "已放弃导入“考核细则.xlsx”" in _page(response)
    assert not ImportDraft.objects.exists()


def test_unfinished_imports_are_listed_for_their_owner_only(client, county, rubric):
    client.force_login(county.office)
    _upload(client, rubric)
    draft = ImportDraft.objects.get()
    assert reverse("schemes:import_review", args=[draft.pk]) in client.get(reverse("schemes:list")).content.decode()
    client.force_login(county.admin)
    assert "未完成的导入" not in client.get(reverse("schemes:list")).content.decode()


def test_rereading_keeps_what_was_said_about_the_table(county):
    """重新识别 renews the checks, but a row realigned when the table was read stays pointed out."""
    rows = ["一级指标\t二级指标\t分值\t评分标准",
            "组织领导\t工作机制\t4\t未成立领导小组的，扣2分",
            "公开平台\t5\t栏目每缺1个扣1分（5分）"]  # one level cell missing: shifted
    draft = importing.start_import(county.office, "细则.txt", "\n".join(rows).encode())
    assert "shifted" in {w["code"] for w in draft.warnings}
    scheme = dict(draft.scheme, items=[dict(i) for i in draft.scheme["items"]])
    scheme["items"][0]["points"] = "1"  # now its cap… and the total no longer add up
    importing.store_edits(draft, scheme)
    codes = [w["code"] for w in draft.warnings]
    assert "shifted" in codes and codes.count("shifted") == 1
    assert "total_sum" in codes or "group_sum" in codes


def test_a_moved_item_takes_its_new_group_along(office_client, rubric, page_form):
    """An item put under another group on the review page (OCR put it in the wrong one) gets that
    group, and the group it left, now empty and without points, goes."""
    draft = _to_review(office_client, rubric, page_form)
    response = _review_post(office_client, draft, page_form, "reread", **{"item-3-path": "公开平台 / 网站建设"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.scheme["items"][2]["path"] == ["公开平台", "网站建设"]
    groups = [g["path"] for g in draft.scheme["groups"]]
    assert ["公开平台"] in groups and ["主动公开"] not in groups


def test_a_table_with_unknown_headers_goes_to_the_mapping_page(office_client, page_form):
    """No column known: a draft without a scheme, the mapping page with a message; once the person
    names the columns, the review page."""
    text = "项目\t要点\t分\n组织领导\t未成立领导小组的，扣2分\t4\n公开平台\t栏目每缺1个扣1分\t6"
    response = office_client.post(reverse("schemes:import"), {"file": SimpleUploadedFile("细则.txt", text.encode())})
    draft = ImportDraft.objects.get()
    assert draft.scheme is None and response.url == reverse("schemes:import_columns", args=[draft.pk])
    page = _page(office_client.get(response.url))
    assert "没有认出考核细则的列" in page and "要点" in page
    data = page_form(office_client.get(response.url).content.decode(), "role-")
    data.update({"role-0-0": "level", "role-0-1": "text", "role-0-2": "points"})
    response = office_client.post(reverse("schemes:import_columns", args=[draft.pk]), data)
    assert response.url == reverse("schemes:import_review", args=[draft.pk])
    draft.refresh_from_db()
    assert [i["points"] for i in draft.scheme["items"]] == ["4", "6"]


def test_review_shows_who_leads_and_when_it_is_due(county, office_client):
    """What the machine made of 责任单位 and 完成时限 is shown beside the item, for the person to check."""
    text = ("一级指标\t分值\t评分标准\t责任单位\t完成时限\n"
            "组织领导\t2\t未公开的，扣1分\t县发改局牵头，各相关单位配合\t2021年8月底")
    draft = importing.start_import(county.office, "某县2021年细则.txt", text.encode())
    item = draft.scheme["items"][0]
    assert (item["lead"], item["deadline"]["dates"]) == (["县发改局"], ["2021-08-31"])
    page = _page(office_client.get(reverse("schemes:import_review", args=[draft.pk])))
    assert "牵头</dt><dd>县发改局" in page and "2021-08-31" in page
