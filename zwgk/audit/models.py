from django.conf import settings
from django.db import models


class Event(models.Model):
    """One recorded change or decision: who, when, what, old → new, and why."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField("操作", max_length=50)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="events")
    unit = models.ForeignKey("organisations.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    target = models.CharField("对象", max_length=200, blank=True)
    field = models.CharField("字段", max_length=100, blank=True)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "操作日志"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"
