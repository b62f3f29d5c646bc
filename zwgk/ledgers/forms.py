"""Forms for one ledger row, built from its spec, and for the list filters and the import.

A row's form follows its spreadsheet: lists (发布渠道, the documents an interpretation explains by
文号) are typed as one text separated by 、, and related rows must belong to the row's unit.
"""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms import modelform_factory

from zwgk.front.xlsx import DATE_FORMATS
from zwgk.ledgers.services import key_clash, missing_reason, related_ids
from zwgk.ledgers.spec import SHOWN_SEPARATOR, Kind, LedgerSpec, split_list
from zwgk.organisations.models import Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListField(forms.CharField):
    """Several values in one input, separated by 、 (or , ; and new lines); related rows are shown
    by the field that names them (`attr`)."""

    def __init__(self, *, attr: str = "", **kwargs):
        self.attr = attr
        super().__init__(help_text="多个用“、”分隔", **kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return SHOWN_SEPARATOR.join(str(getattr(v, self.attr, v)) for v in value)
        return value

    def to_python(self, value):
        return split_list(super().to_python(value))


def _formfield(spec: LedgerSpec):
    columns = {c.field.name: c for c in spec.columns}

    def formfield(model_field, **kwargs):
        column = columns[model_field.name]
        if column.kind is Kind.LIST:
            return ListField(attr=column.attr, label=column.header, required=column.required)
        if column.kind is Kind.DATE:
            kwargs.update(widget=DATE_INPUT, input_formats=DATE_FORMATS)
        if column.kind is Kind.URL:
            kwargs["assume_scheme"] = "https"
        return model_field.formfield(**kwargs)

    return formfield


class LedgerForm(forms.ModelForm):
    """One ledger row. For a unit's own people the unit is fixed (`unit` given)."""

    spec: LedgerSpec

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_unit = unit
        if unit is not None:
            self.instance.unit = unit
        else:
            self.fields["unit"].queryset = Unit.objects.filter(active=True) | Unit.objects.filter(
                pk=self.instance.unit_id or 0)
            self.fields["unit"].empty_label = "请选择单位"
        for column in self.spec.columns:
            if column.field.many_to_one and not column.is_unit:
                choices = column.field.related_model.objects.select_related("unit")
                field = self.fields[column.field.name]
                field.queryset = choices if unit is None else choices.filter(unit=unit)
                if unit is None:
                    field.label_from_instance = lambda o: f"{o.unit.name} · {o}"

    def _get_validation_exclusions(self):
        """The natural key is checked in `clean`, with a clearer message than the constraint's."""
        return super()._get_validation_exclusions() | set(self.spec.key)

    def clean(self):
        cleaned = super().clean()
        unit = self.fixed_unit or cleaned.get("unit")
        if unit is None:
            return cleaned
        for column in self.spec.columns:
            name, value = column.field.name, cleaned.get(column.field.name)
            if value is None or column.is_unit or not column.attr:
                continue
            if column.field.many_to_many:
                model = column.field.related_model
                found = related_ids(model, [column.attr], {(unit.pk, v) for v in value})
                missing = [(v,) for v in value if (unit.pk, v) not in found]
                if missing:
                    self.add_error(name, missing_reason(model, [column.attr], unit, missing))
                else:
                    cleaned[name] = list(model.objects.filter(pk__in=found.values()))
            elif value.unit_id != unit.pk:
                self.add_error(name, f"所选{column.field.verbose_name}属于{value.unit.name}，不属于{unit.name}。")
        if not self.errors:
            for key in self.spec.key:
                setattr(self.instance, key, unit if key == "unit" else cleaned.get(key))
            clash = key_clash(self.spec, self.instance)
            if clash:
                self.add_error(None, clash)
        return cleaned


def ledger_form(spec: LedgerSpec, *, unit: Unit | None) -> type[LedgerForm]:
    """The form class for a row of this ledger; without the unit when it is fixed."""
    fields = list(dict.fromkeys(c.field.name for c in spec.columns if unit is None or not c.is_unit))
    form = modelform_factory(spec.model, form=LedgerForm, fields=fields, formfield_callback=_formfield(spec))
    form.spec = spec
    return form


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    unit = forms.ModelChoiceField(Unit.objects.all(), label="单位", required=False, empty_label="全部单位")
    start = forms.DateField(label="日期从", required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS)
    end = forms.DateField(label="至", required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS)

    def __init__(self, *args, spec: LedgerSpec, all_units: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not all_units:
            del self.fields["unit"]
        if spec.date_field:
            self.fields["start"].label = f"{spec.model._meta.get_field(spec.date_field).verbose_name}从"
        else:
            del self.fields["start"], self.fields["end"]

    def filter(self, spec: LedgerSpec, rows):
        """The rows that match the filters that are valid."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("unit"):
            rows = rows.filter(unit=data["unit"])
        if data.get("start"):
            rows = rows.filter(**{f"{spec.date_field}__gte": data["start"]})
        if data.get("end"):
            rows = rows.filter(**{f"{spec.date_field}__lte": data["end"]})
        if data.get("q"):
            q = Q()
            for name in spec.search_fields:
                q |= Q(**{f"{name}__icontains": data["q"]})
            rows = rows.filter(q)
        return rows


class ImportForm(forms.Form):
    file = forms.FileField(label="台账文件（.xlsx）", widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "请选择要导入的 .xlsx 文件。",
                                           "empty": "文件是空的，请选择填写好的台账文件。"})
    skip_bad = forms.BooleanField(label="跳过有问题的行", required=False,
                                  help_text="不勾选时，只要有一行有问题就不导入任何数据；勾选后先导入没有问题的行，"
                                            "有问题的行可下载，改正后再导入。")
