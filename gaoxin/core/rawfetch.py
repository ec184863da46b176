"""One-row reads with joins, as one SQL statement built once per process (no ORM compilation).

For the hottest lookups only (the rating path: token, device, case). Compiling a
`select_related` queryset costs more CPU than the database spends answering it (measured with
cProfile: ~1–3 ms of Python per lookup against well under 1 ms in SQLite or PostgreSQL), and
these run once per rating. The SQL is built once per process from the models' metadata; rows
become model instances through `Model.from_db` and the joined rows are attached as
the related objects, exactly what `select_related` would have produced. Nothing is cached
across requests: every call reads the current rows.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection, models

# (alias, model, parent alias, FK attname on the parent): LEFT JOIN model alias ON alias.pk = parent.fk
Join = tuple[str, type[models.Model], str, str]


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


@cache
def _plan(base: type[models.Model], joins: tuple[Join, ...], where: str) -> tuple[str, list[tuple]]:
    qn = connection.ops.quote_name
    parts: list[str] = []
    layout: list[tuple] = []
    tables = [("t0", base, None, None), *joins]
    for alias, model, parent, fk in tables:
        cols = _columns(model)
        parts.extend(f"{alias}.{qn(str(c.column))}" for c in cols)
        # the converters the ORM's compiler would apply (SQLite datetimes, UUIDs, JSON, booleans)
        converters = []
        for c in cols:
            col = c.get_col(alias)
            funcs = connection.ops.get_db_converters(col) + c.get_db_converters(connection)
            converters.append((funcs, col))
        layout.append((alias, model, parent, fk, [c.attname for c in cols], converters))
    # identifiers from the models' metadata only; every value is a bound parameter
    sql = f"SELECT {', '.join(parts)} FROM {qn(base._meta.db_table)} t0"  # noqa: S608
    for alias, model, parent, fk in joins:
        parent_model = next(m for a, m, *_ in tables if a == parent)
        column = str(parent_model._meta.get_field(fk.removesuffix("_id")).column)  # type: ignore[union-attr]
        pk = str(model._meta.pk.column)  # type: ignore[union-attr]
        sql += f" LEFT JOIN {qn(model._meta.db_table)} {alias} ON {alias}.{qn(pk)} = {parent}.{qn(column)}"
    return f"{sql} WHERE {where}", layout


def fetch_one(base: type[models.Model], joins: tuple[Join, ...], where: str, params: list[Any]) -> Any:
    """The first row of `base` (alias t0) matching `where`, with the joined objects attached as
    its related objects (like select_related), or None."""
    sql, layout = _plan(base, joins, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    objects: dict[str, Any] = {}
    at = 0
    for alias, model, parent, fk, attnames, converters in layout:
        values = list(row[at : at + len(attnames)])
        at += len(attnames)
        for n, (funcs, col) in enumerate(converters):
            for func in funcs:
                values[n] = func(values[n], col, connection)
        obj = None if values[0] is None else model.from_db(connection.alias, attnames, values)
        objects[alias] = obj
        if parent is not None:
            parent_obj = objects[parent]
            if parent_obj is not None:
                field = parent_obj._meta.get_field(fk.removesuffix("_id"))
                field.set_cached_value(parent_obj, obj)
    return objects["t0"]


def where_equals(column: str) -> str:
    return f"t0.{connection.ops.quote_name(column)} = %s"


@cache
def _insert_plan(model: type[models.Model], vendor: str) -> tuple[str, list[models.Field]]:
    qn = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    pk = str(model._meta.pk.column)  # type: ignore[union-attr]
    cols = ", ".join(qn(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # identifiers from the models' metadata only; every value is a bound parameter
    return f"INSERT INTO {qn(model._meta.db_table)} ({cols}) VALUES ({marks}) RETURNING {qn(pk)}", fields  # noqa: S608


def insert_one(obj: models.Model) -> None:
    """INSERT a new instance in one statement, as `obj.save(force_insert=True)` would for a model
    with an auto primary key, no signals and no multi-table inheritance, without compiling
    the statement again; sets the primary key."""
    sql, fields = _insert_plan(type(obj), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
