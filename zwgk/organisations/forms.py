"""Forms for units and contacts, with messages that say what is wrong and what to do."""
from __future__ import annotations

from django import forms

from zwgk.organisations.contacts_xlsx import DATE_HELP, PHONE_HELP, PHONE_RE
from zwgk.organisations.models import Contact, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "ranking_group", "order", "active"]
        error_messages = {
            "name": {"required": "请填写单位名称。", "max_length": "单位名称最多100个字。"},
            "kind": {"required": "请选择单位类型。", "invalid_choice": "请从列表中选择单位类型。"},
            "order": {"required": "请填写排序号（数字越小越靠前），不需要时填 0。", "invalid": "排序号应为整数，例如 10。"},
        }
        help_texts = {
            "parent": "只有科室、责任组才需要选择上级单位；乡镇和县直单位留空。",
            "order": "数字越小越靠前。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "（无，本身是独立单位）"
        self.fields["parent"].error_messages["invalid_choice"] = "上级单位只能是列表中的独立单位（不能是科室或责任组）。"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写单位名称。")
        clash = Unit.objects.filter(name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"已有名为“{name}”的单位，单位名称不能重复，请换一个名称或编辑原有单位。")
        return name

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and self.instance.subunits.exists():
            raise forms.ValidationError("该单位下已有科室或责任组，不能再设为其他单位的下级；请先调整其下级单位。")
        return parent

    def _get_validation_exclusions(self):
        """The name is checked in clean_name with a clearer message."""
        return super()._get_validation_exclusions() | {"name"}


class ContactForm(forms.ModelForm):
    """A contact row. For a unit's own people the unit is fixed (`unit` passed in)."""

    class Meta:
        model = Contact
        fields = ["unit", "name", "title", "phone", "leader", "reported_on"]
        widgets = {"reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "unit": {"required": "请选择单位。", "invalid_choice": "请从列表中选择单位。"},
            "name": {"required": "请填写联系人姓名。", "max_length": "姓名最多50个字。"},
            "title": {"max_length": "职务最多100个字。"},
            "phone": {"max_length": "联系电话最多50个字符。"},
            "leader": {"max_length": "主管领导最多100个字。"},
            "reported_on": {"invalid": "日期格式不正确。" + DATE_HELP},
        }

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_unit = unit
        if unit is not None:
            del self.fields["unit"]
            self.instance.unit = unit
        else:
            self.fields["unit"].queryset = Unit.objects.filter(active=True) | Unit.objects.filter(
                pk=self.instance.unit_id or 0)
            self.fields["unit"].empty_label = "请选择单位"
        self.fields["reported_on"].input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写联系人姓名。")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(PHONE_HELP)
        return phone

    def clean(self):
        cleaned = super().clean()
        unit = self.fixed_unit or cleaned.get("unit")
        name = cleaned.get("name")
        if unit is not None and name:
            clash = Contact.objects.filter(unit=unit, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", f"“{unit.name}”已有联系人“{name}”，请直接编辑原有记录。")
        return cleaned

    def _get_validation_exclusions(self):
        """(单位, 姓名) is checked in clean with a clearer message than the constraint's."""
        return super()._get_validation_exclusions() | {"unit"}


class ImportForm(forms.Form):
    file = forms.FileField(label="联系人备案表（.xlsx）",
                           widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "请选择要导入的 .xlsx 文件。",
                                           "empty": "文件是空的，请选择填写好的联系人备案表。"})
