"""Small helpers for the indicators written in SQL: names from the models, a unit filter, a fetch.

The ORM cannot join a ledger date to the DayNumber table (there is no relation to follow), and a
correlated subquery per date runs once per row, so those indicators are written as SQL that works
on both SQLite and PostgreSQL: CASE rather than FILTER or LEAST, 1/0 rather than booleans.
"""
from __future__ import annotations

from django.db import connection, models

from zwgk.indicators.registry import filters_units


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def unit_sql(alias: str, ids: list[int]) -> tuple[str, list[int]]:
    """`AND alias.unit_id IN (…)` with its parameters, or nothing for a long list (see registry)."""
    if not filters_units(ids):
        return "", []
    if not ids:
        return " AND 1 = 0", []
    return f" AND {alias}.unit_id IN ({', '.join(['%s'] * len(ids))})", list(ids)


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def queryset_sql(queryset: models.QuerySet) -> tuple[str, list]:
    """A queryset's SQL and parameters, to aggregate over it once more in SQL."""
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)
