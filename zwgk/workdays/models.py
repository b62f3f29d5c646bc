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
