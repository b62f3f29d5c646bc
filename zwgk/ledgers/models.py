"""The ledgers (台账) units keep and are judged on. Every ledger belongs to a unit and has a natural
key (`Meta.constraints` named `*_natural_key`), so an import can match rows and re-running it
changes nothing. Dates are plain dates: indicators count working days on them.
"""
from django.db import models

UNIT = {"to": "organisations.Unit", "on_delete": models.PROTECT, "verbose_name": "单位"}


class Ledger(models.Model):
    unit = models.ForeignKey(related_name="+", **UNIT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Document(Ledger):
    """公文: its 公开属性, the reason and basis when not 主动公开, the yearly 复核 and later changes."""

    class Attribute(models.TextChoices):
        ACTIVE = "主动公开", "主动公开"
        ON_REQUEST = "依申请公开", "依申请公开"
        NOT_PUBLIC = "不予公开", "不予公开"

    number = models.CharField("文号", max_length=100)
    title = models.CharField("标题", max_length=300)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    issued_on = models.DateField("成文日期")
    is_policy = models.BooleanField("政策性文件", default=False)
    attribute = models.CharField("公开属性", max_length=8, choices=Attribute.choices)
    reason = models.CharField("不公开理由", max_length=300, blank=True)
    basis = models.CharField("依据", max_length=300, blank=True)
    lead_unit = models.CharField("牵头单位（联合发文）", max_length=100, blank=True)
    reviewed_on = models.DateField("复核日期", null=True, blank=True)
    review_result = models.CharField("复核结果", max_length=200, blank=True)
    changed_on = models.DateField("属性变更日期", null=True, blank=True)
    changed_to = models.CharField("变更后属性", max_length=8, choices=Attribute.choices, blank=True)
    no_interpretation_reason = models.CharField("未解读理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "公文"
        ordering = ["-issued_on", "number"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="document_natural_key")]

    def __str__(self):
        return f"{self.number} {self.title}"


class Publication(Ledger):
    """主动公开信息: what was published where, when it was formed or changed and when published."""

    title = models.CharField("标题", max_length=300)
    item = models.CharField("公开事项", max_length=200, blank=True)
    channel = models.CharField("栏目或渠道", max_length=100, blank=True)
    formed_on = models.DateField("形成或变更日期")
    published_on = models.DateField("公开日期")
    url = models.URLField("网址", max_length=500, blank=True)

    class Meta:
        verbose_name = "主动公开信息"
        ordering = ["-published_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "title", "published_on"],
                                               name="publication_natural_key")]
        indexes = [models.Index(fields=["unit", "published_on"])]


class Interpretation(Ledger):
    """政策解读 of one or more policy documents."""

    class Form(models.TextChoices):
        TEXT = "文字", "文字"
        GRAPHIC = "图解", "图解"
        VIDEO = "视频", "视频"
        ANIMATION = "动漫", "动漫"
        PRESS = "新闻发布会", "新闻发布会"
        INTERVIEW = "在线访谈", "在线访谈"
        OTHER = "其他", "其他"

    title = models.CharField("标题", max_length=300)
    documents = models.ManyToManyField(Document, verbose_name="解读的政策文件", related_name="interpretations",
                                       blank=True)
    form = models.CharField("解读形式", max_length=8, choices=Form.choices)
    channels = models.JSONField("发布渠道", default=list, help_text="政府网站、微信、微博、报纸、广播电视…")
    published_on = models.DateField("发布日期")
    linked = models.BooleanField("与政策文件相互关联", default=False)
    url = models.URLField("网址", max_length=500, blank=True)

    class Meta:
        verbose_name = "政策解读"
        ordering = ["-published_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="interpretation_natural_key")]


class MediaAccount(Ledger):
    """政务新媒体 account."""

    platform = models.CharField("平台", max_length=30, help_text="微信公众号、微信服务号、微博、抖音…")
    name = models.CharField("账号名称", max_length=100)
    service_account = models.BooleanField("微信服务号", default=False,
                                          help_text="服务号不计入发布频次（寻乌第29项“除微信服务号外”）")

    class Meta:
        verbose_name = "政务新媒体账号"
        constraints = [models.UniqueConstraint(fields=["platform", "name"], name="mediaaccount_natural_key")]

    def __str__(self):
        return f"{self.platform}·{self.name}"


class MediaPost(Ledger):
    account = models.ForeignKey(MediaAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="posts")
    posted_on = models.DateField("发布日期")
    title = models.CharField("标题", max_length=300)
    is_interpretation = models.BooleanField("政策解读", default=False)

    class Meta:
        verbose_name = "新媒体发布"
        ordering = ["-posted_on"]
        constraints = [models.UniqueConstraint(fields=["account", "posted_on", "title"], name="mediapost_natural_key")]
        indexes = [models.Index(fields=["unit", "posted_on"])]


class Message(Ledger):
    """网民留言或咨询, and when it was answered."""

    channel = models.CharField("渠道", max_length=50, help_text="领导信箱、留言板、12345…")
    reference = models.CharField("编号", max_length=100)
    subject = models.CharField("主题", max_length=300, blank=True)
    received_on = models.DateField("收到日期")
    replied_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "网民留言"
        ordering = ["-received_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "channel", "reference"], name="message_natural_key")]


class GazetteIssue(Ledger):
    """政府公报 issue: its print date and when the electronic version went online."""

    issue = models.CharField("期号", max_length=50)
    printed_on = models.DateField("印发日期")
    online_on = models.DateField("电子版上网日期", null=True, blank=True)

    class Meta:
        verbose_name = "政府公报"
        ordering = ["-printed_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "issue"], name="gazetteissue_natural_key")]


class Circular(Ledger):
    """上级通报 (criticism) or 表彰 (commendation) concerning the unit."""

    class Kind(models.TextChoices):
        CRITICISM = "通报", "通报批评"
        COMMENDATION = "表彰", "表彰"

    class Level(models.TextChoices):
        STATE = "国务院办公厅", "国务院办公厅"
        PROVINCE = "省政府办公厅", "省政府办公厅"
        CITY = "市政府办公室", "市政府办公室"
        COUNTY = "县政府办公室", "县政府办公室"

    kind = models.CharField("类别", max_length=4, choices=Kind.choices)
    level = models.CharField("发文层级", max_length=8, choices=Level.choices)
    number = models.CharField("文号", max_length=100)
    issued_on = models.DateField("日期")
    subject = models.CharField("事由", max_length=300)
    about_media = models.BooleanField("涉及政务新媒体", default=False)

    class Meta:
        verbose_name = "上级通报与表彰"
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="circular_natural_key")]


class Meeting(Ledger):
    """会议 or 培训 on transparency work, with its 纪要."""

    class Kind(models.TextChoices):
        MEETING = "会议", "会议"
        TRAINING = "培训", "培训"

    kind = models.CharField("类别", max_length=4, choices=Kind.choices)
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=300)
    attendees = models.PositiveIntegerField("参加人数", default=0)
    has_minutes = models.BooleanField("有纪要", default=False)

    class Meta:
        verbose_name = "会议与培训"
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "held_on", "topic"], name="meeting_natural_key")]


class Opinion(Ledger):
    """舆情 and the response to it."""

    found_on = models.DateField("发现日期")
    subject = models.CharField("舆情内容", max_length=300)
    responded_on = models.DateField("回应日期", null=True, blank=True)
    response = models.CharField("回应方式", max_length=300, blank=True)
    large = models.BooleanField("较大范围负面舆情", default=False)

    class Meta:
        verbose_name = "舆情回应"
        ordering = ["-found_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "found_on", "subject"], name="opinion_natural_key")]


class Submission(Ledger):
    """报送事项: a dated deliverable (民生实事进展, 自查报告…) and when it was delivered."""

    subject = models.CharField("报送事项", max_length=200)
    due_on = models.DateField("截止日期")
    submitted_on = models.DateField("报送日期", null=True, blank=True)

    class Meta:
        verbose_name = "报送事项"
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "subject", "due_on"], name="submission_natural_key")]


class ContentItem(Ledger):
    """法定主动公开内容清单 (华容): a content item, who keeps it current and how often."""

    class Frequency(models.TextChoices):
        PROMPT = "及时", "及时"
        FORTNIGHT = "两周", "两周"
        MONTH = "月", "每月"
        QUARTER = "季", "每季度"
        YEAR = "年度", "每年"

    category = models.CharField("类别", max_length=100, blank=True)
    content = models.CharField("公开内容", max_length=200)
    frequency = models.CharField("更新频率", max_length=4, choices=Frequency.choices)

    class Meta:
        verbose_name = "法定主动公开内容清单"
        constraints = [models.UniqueConstraint(fields=["unit", "content"], name="contentitem_natural_key")]
