from django.conf import settings
from django.db import models


class LocalDay(models.Model):
    """A county's own change to one date (its own 调休 or a local holiday); it overrides
    chinese-calendar for that date, and makes a date in a year without official data firm."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", choices=[(True, "上班（工作日）"), (False, "休息（非工作日）")])
    note = models.CharField("说明", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "本地日历调整"
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_workday else '休息'}"


class DayNumber(models.Model):
    """A date's place in the running count of working days, so that SQL can count working days
    with one join per date: the working days after a up to b are number(b) − number(a).
    Rebuilt from the calendar by `zwgk.workdays.daynumbers`; never edited by hand."""

    date = models.DateField("日期", primary_key=True)
    number = models.IntegerField("工作日序号", help_text="从表首日起到本日（含）的工作日数")
    workday = models.BooleanField("是否工作日")
    provisional_number = models.IntegerField("暂定日序号", help_text="从表首日起到本日（含）按暂定数据计算的天数")
    firm_ahead = models.IntegerField("确定工作日数", help_text="本日之后、下一个暂定日之前的工作日数")

    class Meta:
        ordering = ["date"]
        verbose_name = "工作日序号"
        verbose_name_plural = verbose_name


class DayNumberSync(models.Model):
    """What the DayNumber table was built from (years, local changes, library version): one row."""

    fingerprint = models.CharField("来源指纹", max_length=64)
    first_year = models.IntegerField("起始年份")
    last_year = models.IntegerField("截止年份")
    synced_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "工作日序号生成记录"
        verbose_name_plural = verbose_name
