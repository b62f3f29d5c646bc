"""Campaigns keep the scheme text they run on, choose 折算 and how unchecked items count; units
keep their full marks and unchecked count; entries carry a version against stale saves."""
import hashlib

import django.db.models.deletion
import yaml
from django.conf import settings
from django.db import migrations, models


def pin_schemes(apps, schema_editor):
    """Existing campaigns keep the scheme text they have been scored on so far (the current one)."""
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.select_related("scheme"):
        text = campaign.scheme.source_yaml
        rules = (yaml.safe_load(text) or {}).get("rules") or {}
        campaign.scheme_yaml = text
        campaign.scheme_digest = hashlib.sha256(text.encode()).hexdigest()
        campaign.normalise = bool(rules.get("normalise", False))
        campaign.save(update_fields=["scheme_yaml", "scheme_digest", "normalise"])


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0002_ledger_bindings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="scheme_yaml",
            field=models.TextField(default="", verbose_name="方案原文（创建时的版本）"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="campaign",
            name="scheme_digest",
            field=models.CharField(default="", max_length=64, verbose_name="方案版本摘要"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="campaign",
            name="normalise",
            field=models.BooleanField(default=False, help_text="折算：得分 ÷ 适用指标分值 × 方案总分；不折算：直接相加（满分随适用指标而不同）", verbose_name="不适用指标折算"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="unchecked_rule",
            field=models.CharField(blank=True, choices=[("", "未选择（未核查的指标暂计0分，不能发布公示）"), ("zero", "未核查的指标计0分"), ("defaults", "未核查的指标按评分标准默认计分（只扣分的指标计满分）")], default="", max_length=16, verbose_name="未核查指标的计分"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="unchecked_reason",
            field=models.TextField(blank=True, verbose_name="未核查计分的理由"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="unchecked_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="campaign",
            name="unchecked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="campaign",
            name="copy_to",
            field=models.CharField(blank=True, max_length=300, verbose_name="抄送"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="printed_by",
            field=models.CharField(blank=True, max_length=100, verbose_name="印发机关"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="final_reason",
            field=models.TextField(blank=True, verbose_name="公示期满前定档的理由"),
        ),
        migrations.AddField(
            model_name="participant",
            name="max_points",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="满分"),
        ),
        migrations.AddField(
            model_name="participant",
            name="unchecked",
            field=models.IntegerField(default=0, verbose_name="未核查项数"),
        ),
        migrations.AddField(
            model_name="task",
            name="scheme_dates",
            field=models.JSONField(blank=True, default=list, verbose_name="方案原定日期"),
        ),
        migrations.AddField(
            model_name="entry",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(pin_schemes, migrations.RunPython.noop),
    ]
