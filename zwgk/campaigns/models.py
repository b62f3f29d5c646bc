"""A campaign (考核工作) applies a scheme to a set of units for a year.

Per unit and item there is one `Entry`: the task's progress, the unit's self-assessment, the
assessor's findings (facts for the engine) and the resulting score.
"""
import operator
from functools import reduce

from django.conf import settings
from django.db import models

SCORE = {"max_digits": 8, "decimal_places": 2}


class Campaign(models.Model):
    class Phase(models.TextChoices):
        SETUP = "setup", "筹备"
        SELF = "self", "自评"
        REVIEW = "review", "评审"
        PUBLICITY = "publicity", "公示"
        FINAL = "final", "定档"

    class Unchecked(models.TextChoices):
        """How items nobody checked count (chosen by the office, with a reason, before 公示)."""

        UNSET = "", "未选择（未核查的指标暂计0分，不能发布公示）"
        ZERO = "zero", "未核查的指标计0分"
        DEFAULTS = "defaults", "未核查的指标按评分标准默认计分（只扣分的指标计满分）"

    scheme = models.ForeignKey("schemes.Scheme", verbose_name="考核方案", on_delete=models.PROTECT,
                               related_name="campaigns")
    # The scheme text the campaign was created with: reloading or editing the scheme never
    # changes a running or finished campaign (schemes.reading reads this copy).
    scheme_yaml = models.TextField("方案原文（创建时的版本）")
    scheme_digest = models.CharField("方案版本摘要", max_length=64)
    normalise = models.BooleanField("不适用指标折算", default=False,
                                    help_text="折算：得分 ÷ 适用指标分值 × 方案总分；不折算：直接相加（满分随适用指标而不同）")
    unchecked_rule = models.CharField("未核查指标的计分", max_length=16, choices=Unchecked.choices, blank=True,
                                      default=Unchecked.UNSET)
    unchecked_reason = models.TextField("未核查计分的理由", blank=True)
    unchecked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    unchecked_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField("考核名称", max_length=200)
    year = models.IntegerField("考核年度")
    phase = models.CharField("阶段", max_length=16, choices=Phase.choices, default=Phase.SETUP)
    self_due = models.DateField("自评截止", null=True, blank=True)
    review_due = models.DateField("评审截止", null=True, blank=True)
    publicity_end = models.DateField("公示及申诉截止", null=True, blank=True)
    webhook_url = models.URLField("群机器人地址", blank=True,
                                  help_text="企业微信或钉钉群机器人的 Webhook 地址，留空则不推送")
    grade_bands = models.JSONField("等次划分", default=list, blank=True,
                                   help_text="方案未规定等次时由考核办设定，如 [{\"name\": \"优秀\", \"min\": \"90\"}]")
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    notice_number = models.CharField("通报文号", max_length=100, blank=True)
    problems = models.TextField("存在问题", blank=True)
    requirements = models.TextField("整改要求", blank=True)
    copy_to = models.CharField("抄送", max_length=300, blank=True)
    printed_by = models.CharField("印发机关", max_length=100, blank=True)
    final_reason = models.TextField("公示期满前定档的理由", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    finalised_at = models.DateTimeField("定档时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "考核工作"

    def __str__(self):
        return self.title

    @property
    def is_task_plan(self) -> bool:
        """A 工作任务分解 (绛县) runs as tasks without scores."""
        return self.scheme.kind == "task-plan"

    @property
    def published(self) -> bool:
        """Results are public from 公示 on."""
        return self.phase in (self.Phase.PUBLICITY, self.Phase.FINAL)

    @property
    def locked(self) -> bool:
        return self.phase == self.Phase.FINAL

    @property
    def unchecked_counting(self) -> str:
        """How an unchecked item counts, in a few words beside "N项未核查"."""
        return {self.Unchecked.ZERO: "计0分", self.Unchecked.DEFAULTS: "按默认计分"}.get(self.unchecked_rule, "暂定")


class Participant(models.Model):
    """A unit taking part in a campaign, its ranking group and its scheme-level cases."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("organisations.Unit", verbose_name="单位", on_delete=models.PROTECT,
                             related_name="participations")
    group = models.CharField("排名分组", max_length=50)
    bonus = models.JSONField("综合加分事实", default=dict, blank=True)
    major = models.JSONField("重大扣分事实", default=dict, blank=True)
    # The unit's result as campaigns.results computes it, kept for lists and charts.
    total = models.DecimalField("总分", null=True, blank=True, **SCORE)
    max_points = models.DecimalField("满分", null=True, blank=True, **SCORE)
    unchecked = models.IntegerField("未核查项数", default=0)
    grade = models.CharField("等次", max_length=20, blank=True)
    rank = models.IntegerField("名次", null=True, blank=True)
    # effects the rules attach that are not points: [{"item": "12", "effect": "取消评优资格"}]
    consequences = models.JSONField("不计分后果", default=list, blank=True)

    @property
    def consequence_lines(self) -> list[str]:
        return [consequence_line(c["item"], c["effect"]) for c in self.consequences]


def consequence_line(item: str, effect: str) -> str:
    """第12项：取消评优资格 (M1：一票否决) — how a consequence that is not points is shown."""
    return f"{'第' + item + '项' if item.isdigit() else item}：{effect}"

    class Meta:
        ordering = ["group", "unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="participant_once")]

    def __str__(self):
        return f"{self.campaign} · {self.unit}"


class Task(models.Model):
    """The task breakdown (任务分工) of one item: who leads, who supports, by when."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    item_id = models.CharField("序号", max_length=20)
    lead = models.ManyToManyField("organisations.Unit", verbose_name="牵头单位", blank=True, related_name="+")
    support = models.ManyToManyField("organisations.Unit", verbose_name="配合单位", blank=True, related_name="+")
    responsible_text = models.TextField("责任单位（原文）", blank=True)
    deadline_text = models.CharField("完成时限（原文）", max_length=200, blank=True)
    due = models.DateField("截止日期", null=True, blank=True, help_text="最近一个未到的截止日期")
    due_dates = models.JSONField("全部截止日期", default=list, blank=True)
    # The scheme's own dates when the campaign's year differs and they were moved to it.
    scheme_dates = models.JSONField("方案原定日期", default=list, blank=True)
    ongoing = models.BooleanField("长期坚持", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "item_id"], name="task_once_per_item")]


class Entry(models.Model):
    """One item for one unit: self-assessment, review findings and score."""

    class State(models.TextChoices):
        DRAFT = "draft", "填报中"
        SUBMITTED = "submitted", "待负责人审核"
        APPROVED = "approved", "已报送"
        RETURNED = "returned", "退回修改"

    class Progress(models.TextChoices):
        TODO = "todo", "未开始"
        DOING = "doing", "推进中"
        DONE = "done", "已完成"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="entries")
    item_id = models.CharField("序号", max_length=20)
    position = models.IntegerField(default=0)
    applicable = models.BooleanField("适用", default=True)
    na_reason = models.CharField("不适用理由", max_length=300, blank=True)

    state = models.CharField("填报状态", max_length=16, choices=State.choices, default=State.DRAFT)
    self_score = models.DecimalField("自评分", null=True, blank=True, **SCORE)
    self_note = models.TextField("自评说明", blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    progress = models.CharField("任务进度", max_length=8, choices=Progress.choices, default=Progress.TODO)
    progress_note = models.TextField("进展情况", blank=True)

    facts = models.JSONField("核查事实", default=dict, blank=True)
    # Clauses whose facts came from the ledgers ("从台账计算"): {clause: {indicator, value,
    # provisional, records, at, adjusted}}; an assessor's later change sets `adjusted`.
    computed = models.JSONField("台账计算", default=dict, blank=True)
    finding_notes = models.JSONField("核查说明", default=dict, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField("得分", null=True, blank=True, **SCORE)
    explanation = models.JSONField(default=list, blank=True)
    override_score = models.DecimalField("调整后得分", null=True, blank=True, **SCORE)
    override_reason = models.TextField("调整理由", blank=True)
    # Bumped by every change through campaigns.workflow; a page posts the version it showed, and
    # a save from a page that is out of date is refused (workflow.StaleEntry).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "unit__order", "unit__name", "position"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "item_id"], name="entry_once")]
        indexes = [models.Index(fields=["campaign", "item_id"])]

    def __str__(self):
        return f"{self.unit} 第{self.item_id}项"

    class Review(models.TextChoices):
        """Where an item stands for the office: what the unit did, and whether a person checked it."""

        UNSUBMITTED = "unsubmitted", "未提交"
        HEAD = "head", "待审核"
        RETURNED = "returned", "已退回"
        TO_CHECK = "to_check", "待核查"
        CHECKED = "checked", "已核查"
        NOT_APPLICABLE = "na", "不适用"

    @property
    def checked(self) -> bool:
        """A person decided this item's score: an assessor recorded findings, or the office set it."""
        return self.applicable and (self.reviewed_at is not None or self.override_score is not None)

    @property
    def review_state(self) -> "Entry.Review":
        if not self.applicable:
            return self.Review.NOT_APPLICABLE
        if self.checked:
            return self.Review.CHECKED
        return _REVIEW_OF_STATE[self.state]

    @classmethod
    def review_q(cls, *reviews: str) -> models.Q:
        """The entries in any of these review states, as a query (lists, filters and counts)."""
        checked = models.Q(reviewed_at__isnull=False) | models.Q(override_score__isnull=False)
        parts = []
        states = [state for state, r in _REVIEW_OF_STATE.items() if r in reviews]
        if states:
            parts.append(models.Q(applicable=True, state__in=states) & ~checked)
        if cls.Review.CHECKED in reviews:
            parts.append(models.Q(applicable=True) & checked)
        if cls.Review.NOT_APPLICABLE in reviews:
            parts.append(models.Q(applicable=False))
        return reduce(operator.or_, parts) if parts else models.Q(pk__in=[])

    @property
    def locked_for_unit(self) -> bool:
        """Open to the unit while it fills in (筹备, 自评), and during 评审 when the assessors sent
        it back for changes."""
        if self.state in (self.State.SUBMITTED, self.State.APPROVED):
            return True
        phase = self.campaign.phase
        if phase == Campaign.Phase.REVIEW:
            return self.state != self.State.RETURNED
        return phase not in (Campaign.Phase.SETUP, Campaign.Phase.SELF)


_REVIEW_OF_STATE = {
    Entry.State.DRAFT: Entry.Review.UNSUBMITTED,
    Entry.State.SUBMITTED: Entry.Review.HEAD,
    Entry.State.RETURNED: Entry.Review.RETURNED,
    Entry.State.APPROVED: Entry.Review.TO_CHECK,
}
# Unchecked items that never reached the office: what a unit still owes.
NOT_SUBMITTED = (Entry.Review.UNSUBMITTED, Entry.Review.HEAD, Entry.Review.RETURNED)


class Assignment(models.Model):
    """What an assessor reviews: an item (blank = every item) for a unit (empty = every unit)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="考核组成员", on_delete=models.CASCADE,
                                 related_name="assignments")
    item_id = models.CharField("序号", max_length=20, blank=True)
    unit = models.ForeignKey("organisations.Unit", verbose_name="单位", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "assessor", "item_id", "unit"],
                                               name="assignment_once")]


class Binding(models.Model):
    """A clause of an item computed from the ledgers by an indicator (zwgk.indicators)."""

    class Fact(models.TextChoices):
        COUNT = "count", "次数"
        VALUE = "value", "比率"
        MET = "met", "是否达到（次数为0即达到）"
        TAGS = "tags", "分档次数"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bindings")
    item_id = models.CharField("序号", max_length=20)
    clause = models.PositiveIntegerField("条款")
    indicator = models.CharField("台账指标", max_length=50)
    params = models.JSONField("参数", default=dict, blank=True)
    fact = models.CharField("填入", max_length=8, choices=Fact.choices)

    class Meta:
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "item_id", "clause"], name="binding_once")]


class Appeal(models.Model):
    """A unit's 申诉 against one item's score during publicity, and the office's answer."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待答复"
        UPHELD = "upheld", "申诉成立"
        PARTLY = "partly", "部分成立"
        REJECTED = "rejected", "维持原评分"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="appeals")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField("申诉理由")
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    answer = models.TextField("答复意见", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    score_before = models.DecimalField(null=True, blank=True, **SCORE)
    score_after = models.DecimalField(null=True, blank=True, **SCORE)

    class Meta:
        ordering = ["-filed_at"]
