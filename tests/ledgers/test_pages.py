import datetime as dt

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zwgk.audit.models import Event
from zwgk.ledgers.models import Document, Interpretation, MediaAccount, MediaPost, Publication


def publication(unit, title="通知", published=dt.date(2024, 3, 5), **more):
    return Publication.objects.create(unit=unit, title=title, formed_on=published, published_on=published, **more)


@pytest.fixture
def rows(county):
    return {"own": publication(county.town, "东山通知"), "other": publication(county.other_town, "西河通知")}


def url(name, *args):
    return reverse(f"ledgers:{name}", args=args)


def test_anonymous_people_are_sent_to_login(client, rows):
    for target in (url("index"), url("list", "publications"), url("detail", "publications", rows["own"].pk),
                   url("import", "publications"), url("export", "publications")):
        response = client.get(target)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_index_counts_rows_in_the_persons_scope(county, signed_in, rows):
    publication(county.town, "东山第二条")
    html = signed_in(county.reporter).get(url("index")).content.decode()
    assert "台账 · 东山镇" in html
    counts = dict((spec.slug, n) for spec, n in signed_in(county.reporter).get(url("index")).context["ledgers"])
    assert counts["publications"] == 2 and counts["documents"] == 0
    counts = dict((spec.slug, n) for spec, n in signed_in(county.office).get(url("index")).context["ledgers"])
    assert counts["publications"] == 3


def test_a_reporter_sees_only_their_units_rows(county, signed_in, rows):
    client = signed_in(county.reporter)
    html = client.get(url("list", "publications")).content.decode()
    assert "东山通知" in html and "西河通知" not in html
    assert client.get(url("detail", "publications", rows["own"].pk)).status_code == 200
    for name in ("detail", "edit", "delete"):
        assert client.get(url(name, "publications", rows["other"].pk)).status_code == 404
    assert client.post(url("delete", "publications", rows["other"].pk)).status_code == 404
    exported = load_workbook(__import__("io").BytesIO(b"".join(client.get(url("export", "publications")).streaming_content)))
    assert [r[1] for r in exported.active.iter_rows(min_row=2, values_only=True)] == ["东山通知"]


def test_an_assessor_reads_every_unit_and_writes_nothing(county, signed_in, rows):
    client = signed_in(county.assessor)
    html = client.get(url("list", "publications")).content.decode()
    assert "东山通知" in html and "西河通知" in html and "从 Excel 导入" not in html
    assert client.get(url("detail", "publications", rows["other"].pk)).status_code == 200
    assert client.get(url("export", "publications")).status_code == 200
    for target in (url("new", "publications"), url("edit", "publications", rows["own"].pk),
                   url("delete", "publications", rows["own"].pk), url("import", "publications"),
                   url("template", "publications")):
        assert client.get(target).status_code == 403
        assert client.post(target).status_code == 403
    assert Publication.objects.count() == 2


def test_someone_without_a_role_is_refused(county, signed_in, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")
    assert signed_in(nobody).get(url("index")).status_code == 403


def test_unknown_ledger_is_404(county, signed_in):
    assert signed_in(county.office).get(url("list", "no-such-ledger")).status_code == 404


def test_the_office_adds_edits_and_deletes_with_a_log(county, signed_in):
    client = signed_in(county.office)
    response = client.post(url("new", "publications"), {
        "unit": county.finance.pk, "title": "预算公开", "item": "", "channel": "财政信息", "formed_on": "2024-03-01",
        "published_on": "2024-03-05", "url": ""}, follow=True)
    row = Publication.objects.get()
    assert "已添加主动公开信息记录“预算公开 2024-03-05”" in response.content.decode()
    created = Event.objects.get(action="新增台账记录")
    assert (created.unit, created.target) == (county.finance, "主动公开信息 预算公开 2024-03-05")
    assert "栏目或渠道：财政信息" in created.new
    response = client.post(url("edit", "publications", row.pk), {
        "unit": county.finance.pk, "title": "预算公开", "item": "", "channel": "预决算公开", "formed_on": "2024-03-01",
        "published_on": "2024-03-05", "url": "https://czj.example.gov.cn/ys.html"}, follow=True)
    assert "已保存，修改了2项。" in response.content.decode()
    changes = {(e.field, e.old, e.new) for e in Event.objects.filter(action="修改台账记录")}
    assert changes == {("栏目或渠道", "财政信息", "预决算公开"), ("网址", "", "https://czj.example.gov.cn/ys.html")}
    client.post(url("delete", "publications", row.pk))
    assert not Publication.objects.exists()
    assert "栏目或渠道：预决算公开" in Event.objects.get(action="删除台账记录").old


def test_a_reporters_rows_are_fixed_to_their_unit(county, signed_in):
    client = signed_in(county.reporter)
    form = client.get(url("new", "publications")).context["form"]
    assert "unit" not in form.fields
    client.post(url("new", "publications"), {"unit": county.other_town.pk, "title": "自己的", "formed_on": "2024-03-01",
                                             "published_on": "2024-03-05"})
    assert Publication.objects.get().unit == county.town


def test_the_form_names_a_natural_key_clash(county, signed_in, rows):
    response = signed_in(county.reporter).post(url("new", "publications"), {
        "title": "东山通知", "formed_on": "2024-03-05", "published_on": "2024-03-05"})
    assert "东山镇已有标题为“东山通知”、公开日期为“2024-03-05”的主动公开信息记录，请直接编辑原有记录。" in response.content.decode()
    assert Publication.objects.count() == 2


def test_an_interpretations_documents_are_typed_by_number(county, signed_in):
    Document.objects.create(unit=county.town, number="东政发〔2024〕1号", title="春耕", issued_on=dt.date(2024, 3, 1),
                            attribute="主动公开")
    client = signed_in(county.reporter)
    data = {"title": "图解春耕", "documents": "东政发〔2024〕1号、东政发〔2024〕7号", "form": "图解",
            "channels": "政府网站、微信", "published_on": "2024-03-06"}
    response = client.post(url("new", "interpretations"), data)
    assert "东山镇的“公文”台账中没有文号为“东政发〔2024〕7号”的记录" in response.content.decode()
    data["documents"] = "东政发〔2024〕1号"
    client.post(url("new", "interpretations"), data)
    saved = Interpretation.objects.get()
    assert [d.number for d in saved.documents.all()] == ["东政发〔2024〕1号"] and saved.channels == ["政府网站", "微信"]
    html = client.get(url("detail", "documents", saved.documents.get().pk)).content.decode()
    assert "图解春耕" in html  # the document's page lists the interpretations explaining it
    assert "东政发〔2024〕1号" in client.get(url("edit", "interpretations", saved.pk)).content.decode()


def test_a_post_must_use_an_account_of_its_unit(county, signed_in):
    west = MediaAccount.objects.create(unit=county.other_town, platform="微博", name="西河发布")
    response = signed_in(county.office).post(url("new", "media-posts"), {
        "unit": county.town.pk, "account": west.pk, "posted_on": "2024-03-06", "title": "借用"})
    assert "所选账号属于西河镇，不属于东山镇。" in response.content.decode()
    assert not MediaPost.objects.exists()
    own_choices = signed_in(county.reporter).get(url("new", "media-posts")).context["form"].fields["account"].queryset
    assert list(own_choices) == []


def test_deleting_an_account_warns_about_its_posts(county, signed_in):
    account = MediaAccount.objects.create(unit=county.town, platform="微信公众号", name="东山发布")
    MediaPost.objects.create(unit=county.town, account=account, posted_on=dt.date(2024, 3, 6), title="春耕")
    html = signed_in(county.reporter).get(url("delete", "media-accounts", account.pk)).content.decode()
    assert "该记录下的 1 条新媒体发布记录也会一并删除。" in html


def test_list_filters_and_pages(county, signed_in):
    for day in range(1, 56):
        publication(county.town, f"东山{day:02d}", dt.date(2024, 1, 1) + dt.timedelta(days=day))
    publication(county.other_town, "西河春耕", dt.date(2024, 3, 1))
    client = signed_in(county.office)
    page = client.get(url("list", "publications")).context["page"]
    assert (page.paginator.count, len(page.object_list), page.paginator.num_pages) == (56, 50, 2)
    assert client.get(url("list", "publications"), {"unit": county.other_town.pk}).context["page"].paginator.count == 1
    dated = client.get(url("list", "publications"), {"start": "2024-01-02", "end": "2024-01-11"}).context["page"]
    assert dated.paginator.count == 10
    assert [o.title for o in client.get(url("list", "publications"), {"q": "春耕"}).context["page"]] == ["西河春耕"]
    html = client.get(url("list", "publications"), {"q": "东山", "page": 2}).content.decode()
    assert "第 2 / 2 页" in html and "q=%E4%B8%9C%E5%B1%B1&amp;page=1" in html


def test_template_has_notes_an_example_row_and_drop_downs(county, signed_in):
    data = signed_in(county.office).get(url("template", "documents")).content
    ws = load_workbook(__import__("io").BytesIO(data)).active
    assert [c.value for c in ws[1]][:7] == ["单位", "文号", "标题", "发文机关", "成文日期", "政策性文件", "公开属性"]
    assert ws.max_row == 2 and ws["B2"].font.i and ws["B2"].font.color.rgb.endswith("808080")
    assert "必填" in ws["B1"].comment.text and "可不填" in ws["D1"].comment.text
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["G2"] == '"主动公开,依申请公开,不予公开"' and lists["F2"] == '"是,否"'
