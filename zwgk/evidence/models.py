from django.conf import settings
from django.db import models


class Evidence(models.Model):
    """A 佐证材料 of an entry: a link or an uploaded file, checked on upload, never served inline as HTML."""

    class Stage(models.TextChoices):
        SELF = "self", "自评"
        REVIEW = "review", "核查"
        APPEAL = "appeal", "申诉"

    entry = models.ForeignKey("campaigns.Entry", on_delete=models.CASCADE, related_name="evidence")
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.SELF)
    url = models.URLField("链接", max_length=1000, blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    name = models.CharField("名称", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name

    @property
    def is_link(self) -> bool:
        return bool(self.url)
