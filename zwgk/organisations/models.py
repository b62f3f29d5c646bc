from django.db import models


class Unit(models.Model):
    """A unit assessed by the office (乡镇、县直部门…) or a 科室/责任组 inside one (`parent`)."""

    class Kind(models.TextChoices):
        TOWNSHIP = "乡镇", "乡镇"
        SUBDISTRICT = "街道", "街道"
        DEPARTMENT = "县直单位", "县直单位"
        ZONE = "开发区", "开发区"
        OTHER = "其他", "其他"

    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("单位类型", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="subunits")
    ranking_group = models.CharField("排名分组", max_length=50, blank=True,
                                     help_text="留空时按单位类型分组（街道并入乡镇）")
    order = models.IntegerField("排序", default=0)
    active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "单位"

    def __str__(self):
        return self.name

    @property
    def is_subunit(self) -> bool:
        return self.parent_id is not None

    @property
    def group(self) -> str:
        """The ranking group and the scheme's unit type (考核对象) this unit falls under."""
        if self.ranking_group:
            return self.ranking_group
        return self.Kind.TOWNSHIP.value if self.kind == self.Kind.SUBDISTRICT else self.kind


class Contact(models.Model):
    """A row of the 政务公开工作联系人备案表 (绛县): one contact person of a unit."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    leader = models.CharField("主管领导", max_length=100, blank=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)

    class Meta:
        ordering = ["unit__order", "unit__name", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="contact_unique_per_unit")]
        verbose_name = "联系人"

    def __str__(self):
        return f"{self.unit} {self.name}"
