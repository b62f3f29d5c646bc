import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zwgk.audit.models import Event
from zwgk.front.xlsx import ImportProblems, Problem
from zwgk.ledgers.models import Circular, Document, Interpretation, MediaAccount, MediaPost, Meeting, Publication
from zwgk.ledgers.importing import import_ledger
from zwgk.ledgers.spec import BY_SLUG, shown


@pytest.fixture
def post_import(upload):
    def post(client, slug, rows, skip=False):
        data = {"file": upload(rows)}
        if skip:
            data["skip_bad"] = "on"
        return client.post(reverse("ledgers:import", args=[slug]), data, follow=True)
    return post


# Rows as a person types them into the template, in the template's column order.
FILLED = {
    "publications": [
        ["东山镇", "东山镇春耕通知", "通知公告", "政府信息公开专栏", "2024-03-01", "2024年3月5日", "https://www.dongshan.gov.cn/a.html"],
        ["西河镇", "西河镇防汛预案", "", "", "2024.4.1", "2024/4/2", ""],
    ],
    "documents": [
        ["东山镇", "东政发〔2024〕1号", "春耕通知", "东山镇人民政府", "2024-03-01", "是", "主动公开", "", "", "", "", "", "", "", ""],
        ["县财政局", "县财字〔2024〕3号", "内部工作方案", "", "2024-02-01", "否", "不予公开", "内部事务", "条例第十六条",
         "", "2024-12-20", "维持不公开", "2025-01-05", "主动公开", "非政策性文件"],
    ],
    "circulars": [
        ["东山镇", "表彰", "市政府办公室", "市政办字〔2024〕5号", "2024-02-20", "政务公开先进单位", "否"],
        ["西河镇", "通报批评", "省政府办公厅", "省政办函〔2024〕8号", "2024-05-06", "政务新媒体更新不及时", "是"],
    ],
    "meetings": [
        ["东山镇", "会议", "2024-03-12", "政务公开专题会议", 12, "是"],
        ["县行政审批局", "培训", "2024-04-10", "业务培训", "", "否"],
    ],
    "content-items": [
        ["县财政局", "财政信息", "部门预算", "年度"],
        ["县财政局", "", "政府采购信息", "及时"],
    ],
    "messages": [
        ["东山镇", "12345热线", "DS001", "补贴申领时间", "2024-03-04", "2024-03-06"],
        ["西河镇", "领导信箱", "XH002", "", "2024-03-05", ""],
    ],
}


@pytest.mark.parametrize("slug", FILLED)
def test_filled_template_imports(county, signed_in, post_import, sheet_rows, slug):
    spec = BY_SLUG[slug]
    rows = sheet_rows(signed_in(county.office).get(reverse("ledgers:template", args=[slug])).content)
    assert len(rows) == 2  # the header and the example row, which is not imported
    response = post_import(signed_in(county.office), slug, rows + FILLED[slug])
    assert "导入完成：新增 2 条，更新 0 条，未变 0 条。" in response.content.decode()
    first = spec.queryset().order_by("pk").first()
    assert shown(spec.cell(first, spec.columns[1])) == FILLED[slug][0][1]
    assert spec.model.objects.count() == 2


def test_typed_values_are_stored(county, signed_in, post_import):
    client = signed_in(county.office)
    for slug in ("documents", "circulars", "meetings", "content-items"):
        post_import(client, slug, [[c.header for c in BY_SLUG[slug].columns], *FILLED[slug]])
    internal = Document.objects.get(number="县财字〔2024〕3号")
    assert (internal.unit, internal.attribute, internal.is_policy, internal.changed_on, internal.changed_to) == (
        county.finance, "不予公开", False, dt.date(2025, 1, 5), "主动公开")
    criticism = Circular.objects.get(unit=county.other_town)
    assert (criticism.kind, criticism.level, criticism.about_media) == ("通报", "省政府办公厅", True)
    training = Meeting.objects.get(kind="培训")
    assert (training.attendees, training.has_minutes, training.held_on) == (0, False, dt.date(2024, 4, 10))
    assert Meeting.objects.get(kind="会议").attendees == 12
    assert sorted(county.finance.pk == i.unit_id for i in BY_SLUG["content-items"].model.objects.all()) == [True, True]


def test_title_row_shuffled_columns_and_other_header_names(county, upload):
    rows = [
        ["2024年主动公开信息台账"],
        [],
        ["序号", "公开时间", "信息标题", "单位名称", "形成日期", "链接", "公开栏目"],
        [1, dt.datetime(2024, 3, 5), "东山镇春耕通知", "东山镇", "2024.3.1", "https://a.gov.cn/1", "通知公告"],
        [2, "2024年4月2日", "西河镇防汛预案", "西河镇", "2024/4/1", None, None],
    ]
    outcome = import_ledger(county.office, BY_SLUG["publications"], upload(rows))
    assert (outcome.created, outcome.problems) == (2, [])
    spring = Publication.objects.get(title="东山镇春耕通知")
    assert (spring.unit, spring.published_on, spring.formed_on, spring.url, spring.channel, spring.item) == (
        county.town, dt.date(2024, 3, 5), dt.date(2024, 3, 1), "https://a.gov.cn/1", "通知公告", "")


def test_columns_missing_from_the_file_are_left_as_they_are(county, upload):
    full = [["单位", "标题", "形成或变更日期", "公开日期", "网址"], ["东山镇", "通知", "2024-03-01", "2024-03-05", "https://a.gov.cn/1"]]
    import_ledger(county.office, BY_SLUG["publications"], upload(full))
    outcome = import_ledger(county.office, BY_SLUG["publications"], upload([[h for h in full[0][:4]], full[1][:4]]))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 1)
    assert Publication.objects.get().url == "https://a.gov.cn/1"


CIRCULARS_HEADER = ["单位", "类别", "发文层级", "文号", "日期", "事由", "涉及政务新媒体"]
BAD_CIRCULARS = [
    CIRCULARS_HEADER,
    ["东山镇", "表彰", "市政府办公室", "市政办字〔2024〕5号", "2024-02-20", "先进单位", "否"],
    ["东山镇", "通报批评", "县政府办公室", "县政办字〔2024〕9号", "2021-13-01", "网站问题", "是"],
    ["南山镇", "表彰", "市政府办公室", "南1号", "2024-02-20", "先进单位", "否"],
    ["西河镇", "表彰", "市政府办公室", "", "2024-02-20", "先进单位", "否"],
    ["西河镇", "嘉奖", "市政府办公室", "西2号", "2024-02-20", "先进单位", "否"],
    ["东山镇", "表彰", "市政府办公室", "市政办字〔2024〕5号", "2024-03-01", "重复", "否"],
    ["西河镇", "表彰", "市政府办公室", "西3号", "2024-02-20", "先进单位", "可能"],
    ["县财政局", "通报", "国务院办公厅", "国办函〔2024〕1号", dt.datetime(2024, 6, 1), "网站普查", "否"],
]
EXPECTED_PROBLEMS = [
    Problem(3, "日期", "“2021-13-01”不是有效日期，请写成 2021-08-31（也可写 2021年8月31日、2021.8.31 或 2021/8/31）。"),
    Problem(4, "单位", "系统中没有名为“南山镇”的单位，请核对名称（须与单位管理中完全一致），或先添加该单位。"),
    Problem(5, "文号", "不能为空，请填写文号。"),
    Problem(6, "类别", "“嘉奖”不是可选的类别，请填写以下之一：通报批评、表彰。"),
    Problem(7, "文号", "与第2行重复：单位、文号相同的记录只能有一条，请删除或改正其中一行。"),
    Problem(8, "涉及政务新媒体", "“可能”应填写“是”或“否”（不填为“否”）。"),
]


def test_every_bad_row_is_reported_and_nothing_is_saved(county, signed_in, upload, post_import):
    outcome = import_ledger(county.office, BY_SLUG["circulars"], upload(BAD_CIRCULARS))
    assert outcome.problems == EXPECTED_PROBLEMS
    assert not outcome.saved and Circular.objects.count() == 0
    html = post_import(signed_in(county.office), "circulars", BAD_CIRCULARS).content.decode()
    assert "文件中有 6 行共 6 处问题，没有导入任何数据" in html
    for problem in EXPECTED_PROBLEMS:
        assert str(problem) in html
    assert Circular.objects.count() == 0
    assert not Event.objects.filter(action="导入台账").exists()


def test_skipping_bad_rows_saves_the_others_and_returns_the_bad_ones(county, signed_in, sheet_rows, post_import):
    client = signed_in(county.office)
    html = post_import(client, "circulars", BAD_CIRCULARS, skip=True).content.decode()
    assert "导入完成：新增 2 条，更新 0 条，未变 0 条，跳过有问题的 6 行。" in html
    assert set(Circular.objects.values_list("number", flat=True)) == {"市政办字〔2024〕5号", "国办函〔2024〕1号"}
    assert Event.objects.get(action="导入台账").new == "新增 2 条，更新 0 条，未变 0 条，跳过有问题的 6 行"
    response = post_import(client, "circulars", BAD_CIRCULARS, skip=True)
    assert "新增 0 条，更新 0 条，未变 2 条，跳过有问题的 6 行" in response.content.decode()
    url = reverse("ledgers:import_report", args=["circulars", response.context["outcome"].report])
    assert url in response.content.decode()
    rows = sheet_rows(b"".join(client.get(url).streaming_content))
    assert rows[0] == ["原行号", *CIRCULARS_HEADER, "问题"]
    assert [r[0] for r in rows[1:]] == [3, 4, 5, 6, 7, 8]
    assert rows[1][1:8] == BAD_CIRCULARS[2]
    assert rows[1][8] == "«日期»" + EXPECTED_PROBLEMS[0].reason
    assert signed_in(county.admin).get(url).status_code == 404


def test_the_report_of_a_refused_file_is_offered_too(county, signed_in, sheet_rows, post_import):
    client = signed_in(county.office)
    response = post_import(client, "circulars", BAD_CIRCULARS)
    token = response.context["outcome"].report
    rows = sheet_rows(b"".join(client.get(reverse("ledgers:import_report", args=["circulars", token])).streaming_content))
    assert len(rows) == 7 and rows[-1][-1] == "«涉及政务新媒体»" + EXPECTED_PROBLEMS[-1].reason


def test_reimporting_the_same_file_writes_nothing(county, upload):
    spec = BY_SLUG["publications"]
    rows = [[c.header for c in spec.columns], *FILLED["publications"]]
    import_ledger(county.office, spec, upload(rows))
    stamps = list(Publication.objects.order_by("pk").values_list("pk", "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        outcome = import_ledger(county.office, spec, upload(rows))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1 and "audit_event" in writes[0]
    assert list(Publication.objects.order_by("pk").values_list("pk", "updated_at")) == stamps


def test_a_changed_row_is_updated_alone(county, upload):
    spec = BY_SLUG["publications"]
    rows = [[c.header for c in spec.columns], *FILLED["publications"]]
    import_ledger(county.office, spec, upload(rows))
    stamps = dict(Publication.objects.values_list("title", "updated_at"))
    rows[2] = [*rows[2][:3], "专栏", *rows[2][4:]]
    outcome = import_ledger(county.office, spec, upload(rows))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert Publication.objects.get(title="西河镇防汛预案").channel == "专栏"
    assert Publication.objects.get(title="西河镇防汛预案").updated_at > stamps["西河镇防汛预案"]
    assert Publication.objects.get(title="东山镇春耕通知").updated_at == stamps["东山镇春耕通知"]


def _documents(county):
    Document.objects.create(unit=county.town, number="东政发〔2024〕1号", title="春耕", issued_on=dt.date(2024, 3, 1),
                            attribute="主动公开", is_policy=True)
    Document.objects.create(unit=county.town, number="东政发〔2024〕2号", title="防汛", issued_on=dt.date(2024, 4, 1),
                            attribute="主动公开", is_policy=True)
    Document.objects.create(unit=county.other_town, number="西政发〔2024〕1号", title="西河", issued_on=dt.date(2024, 4, 1),
                            attribute="主动公开", is_policy=True)


INTERPRETATIONS_HEADER = ["单位", "标题", "解读的政策文件", "解读形式", "发布渠道", "发布日期", "与政策文件相互关联", "网址"]


def test_interpretations_name_their_documents_by_number(county, upload):
    _documents(county)
    spec = BY_SLUG["interpretations"]
    rows = [
        INTERPRETATIONS_HEADER,
        ["东山镇", "图解春耕与防汛", "东政发〔2024〕1号、东政发〔2024〕2号", "图解", "政府网站、微信", "2024-04-02", "是", ""],
        ["东山镇", "解读三", "东政发〔2024〕1号；东政发〔2024〕9号", "文字", "", "2024-04-02", "否", ""],
        ["东山镇", "解读西河文件", "西政发〔2024〕1号", "文字", "", "2024-04-02", "否", ""],
        ["西河镇", "西河解读", "西政发〔2024〕1号", "视频", "抖音", "2024-04-03", "", ""],
    ]
    outcome = import_ledger(county.office, spec, upload(rows), skip_bad=True)
    assert outcome.problems == [
        Problem(3, "解读的政策文件", "东山镇的“公文”台账中没有文号为“东政发〔2024〕9号”的记录，请核对，或先在“公文”台账中添加。"),
        Problem(4, "解读的政策文件", "东山镇的“公文”台账中没有文号为“西政发〔2024〕1号”的记录，请核对，或先在“公文”台账中添加。"),
    ]
    both = Interpretation.objects.get(title="图解春耕与防汛")
    assert sorted(both.documents.values_list("number", flat=True)) == ["东政发〔2024〕1号", "东政发〔2024〕2号"]
    assert both.channels == ["政府网站", "微信"] and both.linked
    assert list(Interpretation.objects.get(title="西河解读").documents.values_list("number", flat=True)) == ["西政发〔2024〕1号"]
    rows[1][2] = "东政发〔2024〕2号"
    outcome = import_ledger(county.office, spec, upload([rows[0], rows[1], rows[4]]))
    assert (outcome.updated, outcome.unchanged) == (1, 1)
    assert list(both.documents.values_list("number", flat=True)) == ["东政发〔2024〕2号"]


def test_media_posts_name_their_account_by_platform_and_name(county, upload):
    MediaAccount.objects.create(unit=county.town, platform="微信公众号", name="东山发布")
    rows = [
        ["单位", "平台", "账号名称", "发布日期", "标题", "政策解读"],
        ["东山镇", "微信公众号", "东山发布", "2024-03-06", "春耕动员", "是"],
        ["东山镇", "微博", "东山发布", "2024-03-06", "春耕动员", ""],
        ["西河镇", "微信公众号", "东山发布", "2024-03-06", "借用账号", ""],
    ]
    outcome = import_ledger(county.office, BY_SLUG["media-posts"], upload(rows), skip_bad=True)
    assert outcome.problems == [
        Problem(3, "账号名称", "东山镇的“政务新媒体账号”台账中没有平台为“微博”、账号名称为“东山发布”的记录，请核对，"
                              "或先在“政务新媒体账号”台账中添加。"),
        Problem(4, "账号名称", "西河镇的“政务新媒体账号”台账中没有平台为“微信公众号”、账号名称为“东山发布”的记录，请核对，"
                              "或先在“政务新媒体账号”台账中添加。"),
    ]
    post = MediaPost.objects.get()
    assert (post.unit, post.account.name, post.is_interpretation) == (county.town, "东山发布", True)


def test_a_unit_imports_only_its_own_rows(county, signed_in, upload, post_import):
    rows = [["标题", "形成或变更日期", "公开日期"], ["东山镇春耕通知", "2024-03-01", "2024-03-05"]]
    assert "新增 1 条" in post_import(signed_in(county.reporter), "publications", rows).content.decode()
    assert Publication.objects.get().unit == county.town
    rows = [["单位", "标题", "形成或变更日期", "公开日期"], ["", "空单位", "2024-03-01", "2024-03-05"],
            ["西河镇", "别的单位", "2024-03-01", "2024-03-05"]]
    outcome = import_ledger(county.reporter, BY_SLUG["publications"], upload(rows), own=county.town)
    assert outcome.problems == [Problem(3, "单位", "只能导入本单位（东山镇）的记录，这一行是“西河镇”；请删除这一行，或把单位改为本单位。")]
    assert Publication.objects.count() == 1


def test_the_office_must_name_the_unit(county, upload):
    rows = [["标题", "形成或变更日期", "公开日期"], ["通知", "2024-03-01", "2024-03-05"]]
    with pytest.raises(ImportProblems) as caught:
        import_ledger(county.office, BY_SLUG["publications"], upload(rows))
    assert [str(p) for p in caught.value.problems] == ["第1行 «单位»：表头缺少这一列，请按导入模板补上。"]


def test_a_unit_cannot_take_over_another_units_account(county, upload):
    MediaAccount.objects.create(unit=county.other_town, platform="微信公众号", name="西河发布")
    rows = [["平台", "账号名称"], ["微信公众号", "西河发布"]]
    outcome = import_ledger(county.reporter, BY_SLUG["media-accounts"], upload(rows), own=county.town)
    assert outcome.problems == [Problem(2, "平台", "其他单位已登记了这条记录，不能由本单位导入；如需更改请联系考核办。")]
    assert MediaAccount.objects.get().unit == county.other_town


@pytest.mark.parametrize("slug", ["publications", "documents", "interpretations", "media-posts", "meetings"])
def test_export_imports_back_unchanged(county, signed_in, post_import, slug):
    _documents(county)
    MediaAccount.objects.create(unit=county.town, platform="微信公众号", name="东山发布")
    client = signed_in(county.office)
    filled = {
        "interpretations": [INTERPRETATIONS_HEADER,
                            ["东山镇", "图解", "东政发〔2024〕2号、东政发〔2024〕1号", "图解", "政府网站、微信", "2024-04-02", "是", ""]],
        "media-posts": [["单位", "平台", "账号名称", "发布日期", "标题", "政策解读"],
                        ["东山镇", "微信公众号", "东山发布", "2024-03-06", "春耕动员", "是"]],
    }.get(slug) or [[c.header for c in BY_SLUG[slug].columns], *FILLED[slug]]
    post_import(client, slug, filled)
    count = BY_SLUG[slug].model.objects.count()
    assert count >= 1
    exported = b"".join(client.get(reverse("ledgers:export", args=[slug])).streaming_content)
    html = post_import(client, slug, exported).content.decode()
    assert f"导入完成：新增 0 条，更新 0 条，未变 {count} 条。" in html
