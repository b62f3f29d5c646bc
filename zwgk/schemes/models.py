from django.db import models


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
    def total_points_display(self) -> str:
        """Points as the documents write them: 100, not 100.00."""
        if self.total_points is None:
            return "—"
        return format(self.total_points.normalize(), "f")
