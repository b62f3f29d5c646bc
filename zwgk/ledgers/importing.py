"""Importing a ledger spreadsheet: one transaction, recorded in the audit log with its counts.

Rows are matched on the ledger's natural key, fetching the existing rows once per batch and writing
only new rows (bulk_create) and rows whose values differ (bulk_update), so importing the same file
again writes nothing. While any row is bad nothing is saved, unless the importer chose to skip bad
rows; either way the bad rows come back as an xlsx with their problems, kept for the importer.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.audit.services import record
from zwgk.front.xlsx import Problem, bad_file
from zwgk.ledgers import xlsx
from zwgk.ledgers.services import missing_reason, related_ids
from zwgk.ledgers.spec import LedgerSpec
from zwgk.organisations.models import Unit

BATCH = 1000
REPORT_DIR = "ledger-imports"
REPORT_KEEP_SECONDS = 2 * 24 * 3600


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    report: str = ""  # token of the xlsx of rows not imported
    saved: bool = False

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})

    def __str__(self) -> str:
        text = f"新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"
        return text + (f"，跳过有问题的 {self.skipped} 行" if self.skipped else "")


def relation_groups(spec: LedgerSpec) -> dict:
    """The relation columns other than the unit, by the model field they set."""
    groups = {}
    for column in spec.columns:
        if column.attr and not column.is_unit:
            groups.setdefault(column.field, []).append(column)
    return groups


def _resolve_unit(column, row: xlsx.Row, own: Unit | None, units: dict[str, Unit]) -> None:
    """The row's unit: as named for the office; for a unit's own people their unit, which the
    file may leave out."""
    name = row.values.get(column.key, "")
    if own is not None:
        if name and name != own.name:
            row.bad(column, f"只能导入本单位（{own.name}）的记录，这一行是“{name}”；请删除这一行，或把单位改为本单位。")
        else:
            row.data["unit_id"] = own.pk
    elif not name:
        row.bad(column, f"不能为空，请填写{column.header}（须与系统中的单位名称完全一致）。")
    elif name not in units:
        row.bad(column, f"系统中没有名为“{name}”的单位，请核对名称（须与单位管理中完全一致），或先添加该单位。")
    else:
        row.data["unit_id"] = units[name].pk


def _resolve_relations(rows: list[xlsx.Row], groups: dict, units_by_id: dict) -> None:
    """Link each row to the rows of other ledgers it names, looked up in its unit at once."""
    for model_field, columns in groups.items():
        attrs = [c.attr for c in columns]
        named = {}  # row → the related rows it names, each as a tuple of attribute values
        for r in rows:
            if "unit_id" in r.data and all(c.key in r.values for c in columns):
                named[r] = ([(v,) for v in r.values[columns[0].key]] if model_field.many_to_many
                            else [tuple(r.values[c.key] for c in columns)])
        found = related_ids(model_field.related_model, attrs,
                            {(r.data["unit_id"], *n) for r, names in named.items() for n in names})
        for r, names in named.items():
            ids = [found.get((r.data["unit_id"], *n)) for n in names]
            if None in ids:
                missing = [n for n, i in zip(names, ids) if i is None]
                r.bad(columns[-1], missing_reason(model_field.related_model, attrs, units_by_id[r.data["unit_id"]],
                                                  missing))
            elif model_field.many_to_many:
                r.links[model_field] = frozenset(ids)
            else:
                r.data[model_field.attname] = ids[0]


# ---------------------------------------------------------------- import

class _Import:
    """One import in progress: what it knows across batches and what it has counted."""

    def __init__(self, spec: LedgerSpec, sheet: xlsx.Sheet, own: Unit | None):
        self.spec, self.own = spec, own
        self.units = {u.name: u for u in Unit.objects.all()}
        self.units_by_id = {u.pk: u for u in self.units.values()}
        self.present = {c.key for c, _ in sheet.columns}
        self.groups = {f: cs for f, cs in relation_groups(spec).items() if all(c.key in self.present for c in cs)}
        self.plain = [c for c, _ in sheet.columns if not c.attr]
        self.m2m = [f for f in self.groups if f.many_to_many]
        # The attributes the file sets; those it has no column for stay as they are.
        self.attnames = ["unit_id", *(f.attname for f in self.groups if not f.many_to_many),
                         *(c.field.attname for c in self.plain)]
        meta = spec.model._meta
        self.key = [meta.get_field(k).attname for k in spec.key]
        # Existing rows are looked up by the key's other parts: a date adds little selectivity
        # and multiplies the index probes.
        self.lookup = [meta.get_field(k).attname for k in spec.key
                       if meta.get_field(k).get_internal_type() != "DateField"]
        self.key_column = next(c for c in spec.key_columns if not c.is_unit)
        self.order = {c.header: i for i, c in enumerate(spec.columns)}
        self.seen: dict[tuple, int] = {}
        self.outcome = ImportOutcome()

    def key_of(self, row: xlsx.Row) -> tuple:
        return tuple(row.data[a] for a in self.key)

    def check(self, rows: list[xlsx.Row]) -> tuple[list[xlsx.Row], dict]:
        """Resolve relations, flag duplicates and rows of other units; the good rows and the
        existing rows they match, by natural key."""
        unit = self.spec.unit_column
        for row in rows:
            if unit.key in row.values or unit.key not in self.present:
                _resolve_unit(unit, row, self.own, self.units)
        _resolve_relations(rows, self.groups, self.units_by_id)
        for row in rows:
            for column in self.plain:
                if column.key in row.values:
                    row.data[column.field.attname] = row.values[column.key]
            if not all(a in row.data for a in self.key):
                continue
            first = self.seen.get(self.key_of(row))
            if first is not None:
                headers = "、".join(c.header for c in self.spec.key_columns)
                row.bad(self.key_column, f"与第{first}行重复：{headers}相同的记录只能有一条，请删除或改正其中一行。")
            elif not row.problems:
                self.seen[self.key_of(row)] = row.number
        good = [r for r in rows if not r.problems]
        existing = {}
        if good:
            filters = {f"{a}__in": {r.data[a] for r in good} for a in self.lookup}
            found = self.spec.model.objects.filter(**filters).order_by()
            existing = {tuple(getattr(o, a) for a in self.key): o for o in found}
        if self.own is not None:
            for r in good:
                obj = existing.get(self.key_of(r))
                if obj is not None and obj.unit_id != self.own.pk:
                    r.bad(self.key_column, "其他单位已登记了这条记录，不能由本单位导入；如需更改请联系考核办。")
        for r in rows:
            r.problems.sort(key=lambda p: self.order[p.column])
        return [r for r in good if not r.problems], existing

    def save(self, rows: list[xlsx.Row], existing: dict) -> None:
        """Create the new rows and update the changed ones, in bulk; count the rest as unchanged."""
        model = self.spec.model
        links = {f: _links(f, [o.pk for o in existing.values()]) for f in self.m2m}
        new, changed, changed_attnames = [], [], set()
        relink = {f: [] for f in self.m2m}
        for r in rows:
            obj = existing.get(self.key_of(r))
            if obj is None:
                new.append(r)
                continue
            differ = [a for a in self.attnames if getattr(obj, a) != r.data[a]]
            for a in differ:
                setattr(obj, a, r.data[a])
            moved = [f for f in self.m2m if links[f].get(obj.pk, frozenset()) != r.links[f]]
            for f in moved:
                relink[f].append((obj, r))
            if differ or moved:
                changed.append(obj)
                changed_attnames.update(differ)
            else:
                self.outcome.unchanged += 1
        created = model.objects.bulk_create([model(**r.data) for r in new])
        if changed:
            now = timezone.now()
            for obj in changed:
                obj.updated_at = now
            model.objects.bulk_update(changed, [*sorted(changed_attnames), "updated_at"])
        for f in self.m2m:
            through = f.remote_field.through
            source, target = f"{f.m2m_field_name()}_id", f"{f.m2m_reverse_field_name()}_id"
            through.objects.filter(**{f"{source}__in": [o.pk for o, _ in relink[f]]}).delete()
            pairs = relink[f] + list(zip(created, new))
            through.objects.bulk_create([through(**{source: o.pk, target: t}) for o, r in pairs for t in r.links[f]])
        self.outcome.created += len(new)
        self.outcome.updated += len(changed)


def _links(m2m_field, pks: list[int]) -> dict[int, frozenset]:
    through = m2m_field.remote_field.through
    source, target = f"{m2m_field.m2m_field_name()}_id", f"{m2m_field.m2m_reverse_field_name()}_id"
    found: dict[int, set] = {}
    for s, t in through.objects.filter(**{f"{source}__in": pks}).values_list(source, target):
        found.setdefault(s, set()).add(t)
    return {s: frozenset(ts) for s, ts in found.items()}


def report_path(user, token: str) -> Path:
    """Where an importer's report of rows not imported is kept; only they are served it."""
    return Path(settings.MEDIA_ROOT) / REPORT_DIR / str(user.pk) / f"{token}.xlsx"


def _keep_report(actor, report: xlsx.Report) -> str:
    token = secrets.token_hex(16)
    path = report_path(actor, token)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.xlsx"):
        if old.stat().st_mtime < time.time() - REPORT_KEEP_SECONDS:
            old.unlink(missing_ok=True)
    report.save(path)
    return token


def import_ledger(actor, spec: LedgerSpec, upload, *, own: Unit | None = None,
                  skip_bad: bool = False) -> ImportOutcome:
    """Import an uploaded ledger file: `own` is the importer's unit when they may only import their
    own unit's rows (None for the office). Raises ImportProblems when the file itself is unusable."""
    sheet = xlsx.Sheet(spec, upload, unit_required=own is None)
    report = xlsx.Report(sheet.header)
    try:
        run = _Import(spec, sheet, own)
        outcome = run.outcome
        rows_seen = 0
        with transaction.atomic():
            rows = sheet.rows()
            while batch := list(islice(rows, BATCH)):
                rows_seen += len(batch)
                good, existing = run.check(batch)
                for r in batch:
                    if r.problems:
                        outcome.problems.extend(r.problems)
                        report.add(r)
                if skip_bad or not outcome.problems:
                    run.save(good, existing)
            if not rows_seen:
                raise bad_file("表头下面没有数据，请填写后再导入（模板中灰色的示例行不会导入）。")
            outcome.saved = skip_bad or not outcome.problems
            if outcome.saved:
                outcome.skipped = report.rows
                record(actor, "导入台账", unit=own, target=f"{spec.title}：{sheet.name}"[:200], new=str(outcome))
            else:
                transaction.set_rollback(True)
                outcome.created = outcome.updated = outcome.unchanged = 0
    finally:
        sheet.close()
    if report.rows:
        outcome.report = _keep_report(actor, report)
    return outcome


