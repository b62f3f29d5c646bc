from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    OFFICE = "office", "考核办"
    ASSESSOR = "assessor", "考核组成员"
    REPORTER = "reporter", "单位联络员"
    HEAD = "head", "单位负责人"


UNIT_ROLES = (Role.REPORTER, Role.HEAD)


class Membership(models.Model):
    """A person's role, and the unit whose work they enter or approve.

    Reporters and heads always belong to a unit; an assessor may belong to the department
    that checks some items (由县财政局核查); the office and administrators to none.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    unit = models.ForeignKey("organisations.Unit", verbose_name="所在单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="members")
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)

    class Meta:
        verbose_name = "账号角色"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=[r.value for r in UNIT_ROLES]) | models.Q(unit__isnull=False),
                name="unit_roles_have_unit",
            ),
        ]

    def __str__(self):
        return f"{self.display_name or self.user.get_username()}（{self.get_role_display()}）"
