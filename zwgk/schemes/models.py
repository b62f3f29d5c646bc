from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from zwgk.schemefiles.loader import SCHEME_KINDS


class Scheme(models.Model):
    """A 考核方案 as loaded from its YAML file; the file text is kept verbatim."""

    scheme_id = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    year = models.IntegerField(null=True)
    kind = models.CharField(max_length=32)
    total_points = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    source_yaml = models.TextField()
    loaded_at = models.DateTimeField()

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        return SCHEME_KINDS.get(self.kind, self.kind or "—")

    @property
    def total_points_display(self) -> str:
        """Points as the documents write them: 100, not 100.00."""
        if self.total_points is None:
            return "—"
        return format(self.total_points.normalize(), "f")


class ImportDraft(models.Model):
    """A rubric table (考核细则) on its way to becoming a scheme: one person's unfinished import.

    `tables` are the file's tables as read (`Table.to_json()`), so the file itself is not kept;
    `roles` the column roles per layout as last confirmed; `scheme` the scheme data as last read
    and edited; `warnings` what the last reading reported ({item, code, message}).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    created = models.DateTimeField("上传时间", auto_now_add=True)
    tables = models.JSONField(default=list)
    roles = models.JSONField(null=True, blank=True)
    scheme = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "考核细则导入草稿"

    def __str__(self):
        return self.filename
