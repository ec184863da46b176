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

import json
from datetime import date, datetime
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
    model_of = {alias: model for alias, model, *_ in tables}
    join_sql: list[str] = []
    for alias, model, parent, fk in tables:
        cols = _columns(model)
        parts.extend(f"{alias}.{qn(str(c.column))}" for c in cols)
        # the converters the ORM's compiler would apply (SQLite datetimes, UUIDs, JSON, booleans),
        # for the columns that have any
        converters = []
        for n, c in enumerate(cols):
            col = c.get_col(alias)
            funcs = connection.ops.get_db_converters(col) + c.get_db_converters(connection)
            if funcs:
                converters.append((n, funcs, col))
        # the parent's foreign key: the join's condition, and whose cached value this object becomes
        link = None
        if parent is not None:
            link = model_of[parent]._meta.get_field(fk.removesuffix("_id"))  # type: ignore[union-attr]
            pk = str(model._meta.pk.column)  # type: ignore[union-attr]
            column = str(link.column)  # type: ignore[union-attr]
            join_sql.append(
                f" LEFT JOIN {qn(model._meta.db_table)} {alias} ON {alias}.{qn(pk)} = {parent}.{qn(column)}"
            )
        layout.append((alias, model, parent, link, [c.attname for c in cols], converters))
    # identifiers from the models' metadata only; every value is a bound parameter
    sql = f"SELECT {', '.join(parts)} FROM {qn(base._meta.db_table)} t0" + "".join(join_sql)  # noqa: S608
    return f"{sql} WHERE {where}", layout


def fetch_one(base: type[models.Model], joins: tuple[Join, ...], where: str, params: list[Any]) -> Any:
    """The first row of `base` (alias t0) matching `where`, with the joined objects attached as
    its related objects (like select_related), or None."""
    sql, layout = _plan(base, joins, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else _build(row, layout, None)


def fetch_many(base: type[models.Model], joins: tuple[Join, ...], where: str, params: list[Any]) -> list[Any]:
    """Every row of `base` matching `where`, each with its joined objects attached like
    fetch_one; a joined row that several results share (their hall, its region…) becomes ONE
    object they all point to."""
    sql, layout = _plan(base, joins, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    shared: dict[tuple[str, Any], Any] = {}
    return [_build(row, layout, shared) for row in rows]


def _build(row: tuple, layout: list[tuple], shared: dict[tuple[str, Any], Any] | None) -> Any:
    objects: dict[str, Any] = {}
    at = 0
    for alias, model, parent, link, attnames, converters in layout:
        width = len(attnames)
        pk = row[at]
        if pk is None:
            obj = None
        elif shared is not None and parent is not None and (alias, pk) in shared:
            obj = shared[(alias, pk)]
        else:
            values = list(row[at : at + width])
            for n, funcs, col in converters:
                for func in funcs:
                    values[n] = func(values[n], col, connection)
            obj = _from_db(model, attnames, values)
            if shared is not None and parent is not None:
                shared[(alias, pk)] = obj
        at += width
        objects[alias] = obj
        if parent is not None:
            parent_obj = objects[parent]
            if parent_obj is not None:
                link.set_cached_value(parent_obj, obj)
    return objects["t0"]


def _from_db(model: type[models.Model], attnames: list[str], values: list[Any]) -> Any:
    """`model.from_db(alias, attnames, values)` for a row of every concrete field, without the
    constructor's per-field work (unless something listens to the model's init signals)."""
    if models.signals.pre_init.has_listeners(model) or models.signals.post_init.has_listeners(model):
        return model.from_db(connection.alias, attnames, values)
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    state = obj._state = models.base.ModelState()
    state.adding = False
    state.db = connection.alias
    return obj


def where_equals(column: str) -> str:
    return f"t0.{connection.ops.quote_name(column)} = %s"


def where_in(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    """`column IN values` and its parameters: one array parameter on PostgreSQL (the same
    statement, prepared once, whatever the number of values), one per value on SQLite."""
    col = f"t0.{connection.ops.quote_name(column)}"
    if connection.vendor == "postgresql":
        return f"{col} = ANY(%s)", [list(values)]
    return f"{col} IN ({', '.join(['%s'] * len(values))})", list(values)


@cache
def _insert_plan(model: type[models.Model], vendor: str, rows: int = 1) -> tuple[str, list[models.Field]]:
    """INSERT … VALUES of `rows` rows RETURNING the primary key, and the fields in column order."""
    qn = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    pk = str(model._meta.pk.column)  # type: ignore[union-attr]
    cols = ", ".join(qn(str(f.column)) for f in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    # identifiers from the models' metadata only; every value is a bound parameter
    return f"INSERT INTO {qn(model._meta.db_table)} ({cols}) VALUES {values} RETURNING {qn(pk)}", fields  # noqa: S608


def insert_many(objs: list[Any]) -> None:
    """INSERT new instances of one model in ONE statement, as bulk_create would, without
    compiling it; sets their primary keys (in the order given, as bulk_create relies on too).

    On PostgreSQL the rows travel as one JSON parameter (json_to_recordset): the statement's
    text is the same for any number of rows, so it is parsed and prepared once per connection
    instead of scanning thousands of placeholders on every call. Values are the instances'
    attributes as they are, but for auto_now / auto_now_add fields, which get the time now as
    save() and bulk_create() give them."""
    if not objs:
        return
    model: type[models.Model] = type(objs[0])
    stamped = _auto_now_fields(model)
    for obj in objs:
        for f in stamped:
            f.pre_save(obj, True)
    if connection.vendor == "postgresql":
        _sql, fields = _insert_plan(model, connection.vendor)
        rows = [{str(f.column): getattr(obj, f.attname) for f in fields} for obj in objs]
        params: list[Any] = [json.dumps(rows, default=_json_value, separators=(",", ":"))]
        sql = _insert_json_plan(model)
    else:
        sql, fields = _insert_plan(model, connection.vendor, len(objs))
        params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pks = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(model: type[models.Model], attnames: tuple[str, ...], rows: list[tuple]) -> list[int]:
    """INSERT these rows of `model` (tuples of values as its fields hold them, in the order of its
    concrete fields but the auto primary key, which `attnames` names) in one go, without model
    instances; returns their new primary keys in row order.

    PostgreSQL: the keys drawn from the table's sequence in one statement, then the rows sent
    with COPY … FROM STDIN, which the server parses as plain text (no statement per row, no
    parameters to bind; a unique violation still aborts it whole). SQLite: insert_many's
    multi-row INSERT … RETURNING, each value prepared by its field as the ORM would."""
    if not rows:
        return []
    sql, fields = _insert_plan(model, connection.vendor, 1 if connection.vendor == "postgresql" else len(rows))
    if attnames != tuple(f.attname for f in fields):
        raise ValueError(f"insert_rows: {model.__name__}'s rows hold {fields}, not {attnames}")
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        cols = ", ".join(qn(str(f.column)) for f in fields)
        table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))  # type: ignore[union-attr]
        json_at = [n for n, f in enumerate(fields) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_sequence(model), len(rows)])
            ids = sorted(row[0] for row in cursor.fetchall())
            # identifiers from the models' metadata only; the values travel as COPY data. The
            # driver's errors become Django's (IntegrityError…), as for a statement run through it.
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({pk}, {cols}) FROM STDIN") as copy:
                for pk_value, row in zip(ids, rows, strict=True):
                    values = [pk_value, *row]
                    for n in json_at:
                        value = values[n + 1]
                        if not value and type(value) in _EMPTY_JSON:
                            values[n + 1] = _EMPTY_JSON[type(value)]
                        else:
                            values[n + 1] = json.dumps(value, separators=(",", ":"))
                    copy.write_row(values)
        if connection.queries_logged:  # as Django logs a statement (query counts in tests, debug pages)
            connection.queries_log.append({"sql": f"COPY {table} FROM STDIN -- {len(rows)} rows", "time": "0.000"})
        return ids
    params = [f.get_db_prep_save(value, connection) for row in rows for f, value in zip(fields, row, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# falsy JSON values without json.dumps; None is SQL NULL, as the ORM stores a JSONField's None
_EMPTY_JSON = {list: "[]", dict: "{}", str: '""', type(None): None, int: "0", float: "0.0", bool: "false"}


@cache
def _sequence(model: type[models.Model]) -> str:
    """The name of the sequence that numbers the table's primary key (PostgreSQL)."""
    table, pk = model._meta.db_table, str(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        return cursor.fetchone()[0]


@cache
def _auto_now_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)  # type: ignore[misc]
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)  # UUID, Decimal, IP addresses: their text form is their SQL input form


@cache
def _insert_json_plan(model: type[models.Model]) -> str:
    qn = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    cols = ", ".join(qn(str(f.column)) for f in fields)
    types = ", ".join(
        f"{qn(str(f.column))} {f.rel_db_type(connection) if f.is_relation else f.db_type(connection)}" for f in fields
    )
    pk = str(model._meta.pk.column)  # type: ignore[union-attr]
    # identifiers and types from the models' metadata only; the rows are one bound parameter
    return (
        f"INSERT INTO {qn(model._meta.db_table)} ({cols}) SELECT {cols} "  # noqa: S608
        f"FROM json_to_recordset(%s::json) AS x({types}) RETURNING {qn(pk)}"
    )


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


@cache
def _init_defaults(model: type[models.Model]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """Every concrete field's default by attname, in field order, and the fields whose default is
    a callable (called for each instance, as the constructor does; the others share the value,
    as Field.get_default() returns the same object each time too)."""
    constants: dict[str, Any] = {}
    factories: list[tuple[str, Any]] = []
    for field in model._meta.concrete_fields:
        if field.has_default() and callable(field.default):
            constants[field.attname] = None  # keeps the field's place; set per instance below
            factories.append((field.attname, field.default))
        else:
            constants[field.attname] = field.get_default()
    return constants, tuple(factories)


def new_instance(model: type[models.Model], values: dict[str, Any], related: dict[str, Any]) -> Any:
    """An unsaved instance, as `model(**values, **related)` builds it at a fifth of the cost (the
    rating path builds one per rating): `values` by attname, `related` the objects of foreign
    keys by field name (their ids set, the objects cached as assigning them would); every other
    field gets its default. Falls back to the constructor when something listens to the model's
    init signals."""
    if models.signals.pre_init.has_listeners(model) or models.signals.post_init.has_listeners(model):
        return model(**values, **related)
    constants, factories = _init_defaults(model)
    obj = model.__new__(model)
    obj._state = models.base.ModelState()
    attrs = obj.__dict__
    attrs.update(constants)
    for attname, factory in factories:
        if attname not in values:
            attrs[attname] = factory()
    for name, rel in related.items():
        attrs[name + "_id"] = None if rel is None else rel.pk
    attrs.update(values)
    obj._state.fields_cache = dict(related)
    return obj
