import pytest

from zwgk.ledgers.models import Publication
from zwgk.ledgers.spec import BY_SLUG, SPECS, Kind, col, ledger, split_list


def test_there_is_one_spec_per_ledger_model():
    assert [s.slug for s in SPECS] == [
        "documents", "publications", "interpretations", "media-accounts", "media-posts", "messages", "gazette",
        "circulars", "meetings", "opinions", "submissions", "content-items"]
    assert len({s.model for s in SPECS}) == 12


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_every_field_a_person_keeps_is_a_column(spec):
    kept = {f.name for f in spec.model._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in ("id", "updated_at")}
    assert {c.field.name for c in spec.columns} == kept
    assert spec.columns[0].is_unit and spec.columns[0].required


def test_headers_types_and_key_come_from_the_model():
    spec = BY_SLUG["publications"]
    assert [c.header for c in spec.columns] == ["单位", "标题", "公开事项", "栏目或渠道", "形成或变更日期", "公开日期", "网址"]
    assert [c.kind for c in spec.columns] == [Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.DATE, Kind.URL]
    assert [c.required for c in spec.columns] == [True, True, False, False, True, True, False]
    assert spec.key == ("unit", "title", "published_on")
    assert BY_SLUG["media-accounts"].key == ("platform", "name")
    posts = BY_SLUG["media-posts"]
    assert [c.key for c in posts.key_columns] == ["account.platform", "account.name", "posted_on", "title"]
    assert BY_SLUG["content-items"].columns[0].header == "内容保障单位"
    interpretations = BY_SLUG["interpretations"]
    assert interpretations.column("documents.number").kind is Kind.LIST
    assert interpretations.column("channels").kind is Kind.LIST


def test_a_header_naming_two_columns_is_refused():
    with pytest.raises(ValueError, match="names two columns"):
        ledger("x", Publication, [col("title", "", "标题")])


def test_lists_split_on_chinese_and_latin_separators():
    assert split_list("政府网站、微信；微博, 报纸，政府网站\n抖音") == ["政府网站", "微信", "微博", "报纸", "抖音"]
    assert split_list("  ") == []
