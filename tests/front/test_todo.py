"""The home page is each person's to-do list (zwgk.campaigns.todo): per role, the right lines,
counts and links, nothing from another unit or another assessor's part, most urgent first."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zwgk.campaigns import todo, workflow
from zwgk.campaigns.models import Appeal, Campaign, Entry
from zwgk.campaigns.setup import create_campaign
from zwgk.schemes.models import Scheme

pytestmark = pytest.mark.django_db

Phase = Campaign.Phase
State = Entry.State


def today():
    return timezone.localdate()


def day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def kinds(groups):
    return [line.kind for g in groups for line in g.lines]


def home(client, user) -> str:
    client.force_login(user)
    r = client.get(reverse("front:home"))
    assert r.status_code == 200
    return r.content.decode()


@pytest.fixture
def county(county):
    """The fixture's campaign without any task dates, so each test gives only its own."""
    county.campaign.tasks.update(due_dates=[], due=None)
    return county


def self_phase(county, **dates):
    county.campaign.phase = Phase.SELF
    for name, value in dates.items():
        setattr(county.campaign, name, value)
    county.campaign.save()
    return county.campaign


def submit(county, reporter, unit, items):
    workflow.submit(reporter, [county.entry(unit, i) for i in items])


def send_back(county, head, unit, item, reason):
    workflow.send_back(head, county.entry(unit, item), reason)


def set_entries(county, unit, items, **fields):
    county.campaign.entries.filter(unit=unit, item_id__in=items).update(**fields)


# ---- 单位联络员 ----------------------------------------------------------------------------------------
def test_reporter_sees_returned_items_first_then_tasks_and_unsubmitted(county, client):
    c = self_phase(county, self_due=today() + timedelta(days=5))
    submit(county, county.reporter, county.town, ["3", "4"])
    send_back(county, county.head, county.town, "3", "请补充政府信息公开年报的发布截图")
    set_entries(county, county.town, ["1"], state=State.APPROVED)
    # Another unit's returned item never shows.
    submit(county, county.other_reporter, county.other_town, ["5"])
    send_back(county, county.other_head, county.other_town, "5", "西河镇的退回理由")
    c.tasks.filter(item_id="6").update(due_dates=[str(today() + timedelta(days=2))])
    c.tasks.filter(item_id="1").update(due_dates=[str(today() + timedelta(days=1))])  # approved: done

    groups = todo.todo_for(county.reporter, today())
    assert [g.campaign for g in groups] == [c]
    assert kinds(groups) == [todo.RETURNED, todo.TASK, todo.UNSUBMITTED]
    returned, task, unsubmitted = groups[0].lines
    assert returned.note == "请补充政府信息公开年报的发布截图"
    assert returned.url == reverse("campaigns:entry", args=[c.pk, county.entry(county.town, "3").pk])
    assert (task.url, task.days) == (reverse("campaigns:entry", args=[c.pk, county.entry(county.town, "6").pk]), 2)
    # 40 items: 1 approved, 3 returned (listed above), 4 waiting for the head.
    assert (unsubmitted.count, unsubmitted.days, unsubmitted.due) == (37, 5, c.self_due)
    assert unsubmitted.url == reverse("campaigns:unit", args=[c.pk, county.town.pk])

    html = home(client, county.reporter)
    assert "请补充政府信息公开年报的发布截图" in html and "退回理由" in html
    assert reverse("campaigns:entry", args=[c.pk, county.entry(county.town, "3").pk]) in html
    assert "本单位还有37项指标未提交" in html
    assert f"自评截止：{day(c.self_due)}" in html and "还有5天" in html and "还有2天" in html
    assert "西河镇的退回理由" not in html
    assert reverse("campaigns:unit", args=[c.pk, county.other_town.pk]) not in html
    assert reverse("campaigns:entry", args=[c.pk, county.entry(county.other_town, "5").pk]) not in html
    # The return came as a notification: the page counts it and links the list.
    assert "条未读通知" in html and reverse("notifications:list") in html
    assert "暂无待办事项" not in html
    assert html.index("请补充政府信息公开年报") < html.index("本单位还有37项")


def test_reporter_past_the_self_assessment_deadline_sees_it_overdue(county, client):
    c = self_phase(county, self_due=today() - timedelta(days=2))
    html = home(client, county.reporter)
    assert "本单位还有40项指标未提交" in html
    assert f"自评截止：{day(c.self_due)}" in html and "已逾期2天" in html


def test_reporter_sees_overdue_tasks_of_a_task_plan_until_done(county):
    plan = create_campaign(county.office, Scheme.objects.get(scheme_id="jiangxian-2021"), "2021年政务公开工作要点",
                           2021, [county.town, county.other_town])
    Campaign.objects.filter(pk=plan.pk).update(phase=Phase.SELF)
    plan.tasks.update(due_dates=[], due=None)
    plan.tasks.filter(item_id="1").update(due_dates=[str(today() - timedelta(days=5))])
    plan.tasks.filter(item_id="2").update(due_dates=[str(today() - timedelta(days=3))])
    plan.entries.filter(unit=county.town, item_id="2").update(progress=Entry.Progress.DONE)
    # Approval does not finish a task: only its progress does.
    plan.entries.filter(unit=county.town, item_id="1").update(state=State.APPROVED)

    groups = todo.todo_for(county.reporter, today())
    tasks = [g for g in groups if g.campaign.pk == plan.pk][0].of(todo.TASK)
    assert [(t.text.split()[0], t.days_over) for t in tasks] == [("第1项", 5)]
    entry = plan.entries.get(unit=county.town, item_id="1")
    assert tasks[0].url == reverse("campaigns:entry", args=[plan.pk, entry.pk])


def test_reporter_during_publicity_sees_the_results_and_answered_appeals(county, client):
    c = county.phase(Phase.PUBLICITY)
    c.publicity_end = today() + timedelta(days=3)
    c.save()
    mine = workflow.file_appeal(county.reporter, county.entry(county.town, "2"), "已建立制度")
    workflow.answer_appeal(county.office, mine, Appeal.Outcome.REJECTED, "制度未按要求公开，维持原评分")
    theirs = workflow.file_appeal(county.other_reporter, county.entry(county.other_town, "2"), "已公开")
    workflow.answer_appeal(county.office, theirs, Appeal.Outcome.REJECTED, "西河镇的答复")

    groups = todo.todo_for(county.reporter, today())
    assert kinds(groups) == [todo.PUBLISHED, todo.APPEAL_ANSWERED]
    published, answered = groups[0].lines
    assert published.url == reverse("campaigns:sheet", args=[c.pk, county.town.pk])
    assert answered.url == reverse("campaigns:entry", args=[c.pk, county.entry(county.town, "2").pk])

    html = home(client, county.reporter)
    assert "考核结果已公示" in html and f"公示及申诉截止：{day(c.publicity_end)}" in html and "还有3天" in html
    assert reverse("campaigns:sheet", args=[c.pk, county.town.pk]) in html
    assert "第2项的申诉已答复：维持原评分" in html and "制度未按要求公开，维持原评分" in html
    assert "西河镇的答复" not in html
    # An appeal answered long ago is no longer news.
    Appeal.objects.filter(pk=mine.pk).update(answered_at=timezone.now() - timedelta(days=30))
    assert kinds(todo.todo_for(county.reporter, today())) == [todo.PUBLISHED]


# ---- 单位负责人 ----------------------------------------------------------------------------------------
def test_head_sees_items_waiting_for_approval_with_the_unit_page(county, client):
    c = self_phase(county, self_due=today() + timedelta(days=10))
    submit(county, county.reporter, county.town, ["1", "2", "3"])
    send_back(county, county.head, county.town, "3", "佐证不全")
    submit(county, county.other_reporter, county.other_town, ["1"])

    groups = todo.todo_for(county.head, today())
    assert kinds(groups) == [todo.APPROVE, todo.UNSUBMITTED]
    approve, owed = groups[0].lines
    assert (approve.count, approve.url) == (2, reverse("campaigns:unit", args=[c.pk, county.town.pk]))
    assert owed.count == 38  # 37 never submitted and the returned item 3

    html = home(client, county.head)
    assert "2项指标已提交，等待您审核报送" in html
    assert "本单位还有38项指标未提交（其中退回修改1项）" in html
    assert f'href="{reverse("campaigns:unit", args=[c.pk, county.town.pk])}"' in html
    assert f"自评截止：{day(c.self_due)}" in html and "还有10天" in html
    assert reverse("campaigns:unit", args=[c.pk, county.other_town.pk]) not in html

    other = todo.todo_for(county.other_head, today())[0].of(todo.APPROVE)
    assert other[0].count == 1


# ---- 考核组成员 ----------------------------------------------------------------------------------------
@pytest.fixture
def in_review(county):
    """评审: 东山镇 approved items 1, 2, 7 (1 checked); 西河镇 item 7; 县财政局 items 7, 8; 县行政审批局 item 8."""
    c = county.phase(Phase.REVIEW)
    c.self_due, c.review_due = today() - timedelta(days=10), today() + timedelta(days=4)
    c.save()
    set_entries(county, county.town, ["1", "2", "7"], state=State.APPROVED)
    set_entries(county, county.town, ["1"], reviewed_at=timezone.now())
    set_entries(county, county.other_town, ["7"], state=State.APPROVED)
    set_entries(county, county.finance, ["7", "8"], state=State.APPROVED)
    set_entries(county, county.approval, ["8"], state=State.APPROVED)
    return county


def test_assessor_sees_only_their_assigned_part(in_review, client):
    c = in_review.campaign
    groups = todo.todo_for(in_review.assessor, today())
    to_check, never = groups[0].lines
    # 东山镇 and 西河镇: items 2 and 7 of 东山镇, item 7 of 西河镇; the rest (80 − 4) never submitted.
    assert (to_check.kind, to_check.count, to_check.days) == (todo.TO_CHECK, 3, 4)
    assert (never.kind, never.count) == (todo.NEVER_SUBMITTED, 76)
    assert to_check.url == reverse("campaigns:detail", args=[c.pk]) + "?state=to_check#assigned"

    finance = todo.todo_for(in_review.finance_assessor, today())[0]
    # Items 7–8 of every unit: 5 approved, none checked; 3 never submitted.
    assert [(line.kind, line.count) for line in finance.lines] == [(todo.TO_CHECK, 5), (todo.NEVER_SUBMITTED, 3)]

    html = home(client, in_review.finance_assessor)
    assert "分配给您的5项指标待核查" in html and "3项指标单位未报送" in html
    assert reverse("campaigns:detail", args=[c.pk]) + "?state=to_check#assigned" in html
    assert f"评审截止：{day(c.review_due)}" in html and "还有4天" in html


def test_assessor_during_self_assessment_has_no_never_submitted_line(in_review):
    in_review.phase(Phase.SELF)
    assert kinds(todo.todo_for(in_review.finance_assessor, today())) == [todo.TO_CHECK]


# ---- 考核办 --------------------------------------------------------------------------------------------
@pytest.fixture
def three(in_review):
    """The office's three campaigns: 评审 (the fixture's), 公示 with appeals, 自评 past its deadline."""
    county = in_review
    scheme = Scheme.objects.get(scheme_id="xunwu-2022")
    published = create_campaign(county.office, scheme, "2021年度政务公开工作考核", 2021, [county.town, county.other_town])
    Campaign.objects.filter(pk=published.pk).update(phase=Phase.PUBLICITY, publicity_end=today() + timedelta(days=2))
    published.refresh_from_db()
    Entry.objects.filter(campaign=published).update(reviewed_at=timezone.now())
    for unit, reporter in ((county.town, county.reporter), (county.other_town, county.other_reporter)):
        workflow.file_appeal(reporter, published.entries.get(unit=unit, item_id="1"), "已公开")
    late = create_campaign(county.office, scheme, "2023年度政务公开工作考核", 2023,
                           [county.town, county.other_town, county.finance])
    Campaign.objects.filter(pk=late.pk).update(phase=Phase.SELF, self_due=today() - timedelta(days=3))
    late.tasks.update(due_dates=[], due=None)
    late.entries.filter(unit=county.finance).update(state=State.APPROVED)
    late.entries.filter(unit=county.town).exclude(item_id="9").update(state=State.APPROVED)
    county.published, county.late = published, late
    return county


def test_office_sees_each_running_campaign_with_counts_and_links(three, client, django_assert_max_num_queries):
    review, published, late = three.campaign, three.published, three.late
    groups = {g.campaign.pk: g for g in todo.todo_for(three.office, today())}

    r = groups[review.pk]
    assert r.of(todo.TO_CHECK)[0].count == 6  # approved, unchecked: 东山镇 2, 7; 西河镇 7; 财政局 7, 8; 审批局 8
    assert r.of(todo.TO_CHECK)[0].url == reverse("campaigns:completeness", args=[review.pk])
    completeness = r.of(todo.COMPLETENESS)[0]
    assert (completeness.count, completeness.url) == (159, reverse("campaigns:completeness", args=[review.pk]))
    assert "（其中单位未报送153项）" in completeness.text  # 160 items, 7 approved
    # In 评审 the units can no longer submit: what they owe is part of the completeness line.
    assert r.of(todo.LATE_UNITS) == []
    assert [(d.due_label, d.days) for d in r.of(todo.DEADLINE)] == [("评审截止", 4)]

    p = groups[published.pk]
    appeals = p.of(todo.PENDING_APPEALS)[0]
    assert (appeals.count, appeals.days) == (2, 2)
    assert appeals.url == reverse("campaigns:appeals", args=[published.pk]) + "?status=pending"
    assert [d.due_label for d in p.of(todo.DEADLINE)] == ["公示及申诉截止"]

    s = groups[late.pk]
    late_line = s.of(todo.LATE_UNITS)[0]
    # 西河镇 all 40, 东山镇 item 9; 县财政局 approved everything.
    assert (late_line.count, late_line.days) == (2, -3)
    assert "2个单位还有41项指标未报送" in late_line.text
    assert [(d.due_label, d.days) for d in s.of(todo.DEADLINE)] == [("自评截止", -3)]
    # The overdue first, then the nearest date: 自评 (3 days late), 公示 (2 days left), 评审 (4 days left).
    assert list(groups) == [late.pk, published.pk, review.pk]

    client.force_login(three.office)
    with django_assert_max_num_queries(10):  # session, user, membership, campaigns, counts, appeals, unread
        r = client.get(reverse("front:home"))
    html = r.content.decode()
    assert reverse("campaigns:appeals", args=[published.pk]) + "?status=pending" in html
    assert reverse("campaigns:completeness", args=[review.pk]) in html
    assert "2件申诉待答复" in html and "159项适用指标未核查" in html
    assert "已逾期3天" in html and "还有4天" in html
    assert f"公示及申诉截止：{day(published.publicity_end)}" in html
    assert reverse("campaigns:new") in html and reverse("schemes:list") in html


def test_office_after_choosing_how_unchecked_items_count_has_no_completeness_line(in_review):
    Campaign.objects.filter(pk=in_review.campaign.pk).update(unchecked_rule=Campaign.Unchecked.ZERO)
    assert todo.COMPLETENESS not in kinds(todo.todo_for(in_review.office, today()))


def test_admin_has_the_office_list(in_review):
    assert kinds(todo.todo_for(in_review.admin, today())) == kinds(todo.todo_for(in_review.office, today()))


# ---- empty, anonymous ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["office", "admin", "assessor", "finance_assessor", "reporter", "head"])
def test_nothing_to_do_says_so(county, client, who):
    # 筹备 without dates: the unit's people and assessors do not see the campaign yet, the office has nothing due.
    user = getattr(county, who)
    assert todo.todo_for(user, today()) == []
    html = home(client, user)
    assert "暂无待办事项" in html
    assert "没有未读通知" in html
    assert "快捷入口" in html and reverse("campaigns:list") in html


def test_a_finalised_campaign_asks_nothing(in_review):
    in_review.phase(Phase.FINAL)
    for who in ("office", "assessor", "reporter", "head"):
        assert todo.todo_for(getattr(in_review, who), today()) == []


def test_anonymous_goes_to_login(client):
    r = client.get(reverse("front:home"))
    assert r.status_code == 302 and r.url == reverse("accounts:login") + "?next=/"


def test_an_item_sent_back_during_review_is_on_the_units_list_and_then_the_heads(county):
    county.phase(Phase.REVIEW)
    entry = county.entry(county.town, "36")
    entry.state = State.APPROVED
    entry.save()
    workflow.send_back(county.assessor, entry, "请补充会议纪要")
    [group] = todo.todo_for(county.reporter, today())
    [line] = group.of(todo.RETURNED)
    assert line.note == "请补充会议纪要"
    entry.refresh_from_db()
    workflow.submit(county.reporter, [entry])
    [group] = todo.todo_for(county.head, today())
    [line] = group.of(todo.APPROVE)
    assert line.count == 1 and line.due_label == "评审截止"
