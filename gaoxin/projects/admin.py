"""Admin: the configurable tables ("3+1" industries, attraction modes, milestone templates) are
edited here (each change audited); project records are read-only (they change through services)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.models import User
from gaoxin.projects.models import (
    AttractionMode,
    Event,
    IndustryGroup,
    Issue,
    MilestoneTemplate,
    PeerFigure,
    Project,
    Trip,
)


class AuditedConfigAdmin(admin.ModelAdmin):
    list_display = ["name", "sort", "is_active"]
    list_editable = ["sort", "is_active"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            audit_log(
                actor=cast(User, request.user),
                action=f"projects.{obj._meta.model_name}.save",
                obj=obj,
                before=before,
                after=snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_log(
                actor=cast(User, request.user),
                action=f"projects.{obj._meta.model_name}.delete",
                obj=obj,
                before=snapshot(obj),
            )
            super().delete_model(request, obj)


@admin.register(IndustryGroup)
class IndustryGroupAdmin(AuditedConfigAdmin):
    pass


@admin.register(AttractionMode)
class AttractionModeAdmin(AuditedConfigAdmin):
    pass


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(AuditedConfigAdmin):
    list_display = ["name", "sort", "offset_days", "is_active"]
    list_editable = ["sort", "offset_days", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "stage", "total_investment", "unit"]
    list_filter = ["level", "stage", "is_manufacturing", "chain_tag"]
    search_fields = ["code", "name", "investor_name"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "held_on", "unit"]


@admin.register(Trip)
class TripAdmin(ReadOnlyAdmin):
    list_display = ["destination", "start_on", "end_on", "unit"]


@admin.register(Issue)
class IssueAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "assigned_unit", "status", "due_at", "escalated_at"]


@admin.register(PeerFigure)
class PeerFigureAdmin(ReadOnlyAdmin):
    list_display = ["district", "year", "month", "metric", "value"]
