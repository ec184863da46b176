from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from gaoxin.core.models import (
    ApiToken,
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Delivery,
    ImportJob,
    Notification,
    PeriodicRun,
    Region,
    RoleGrant,
    Unit,
    User,
)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "unit", "is_active", "last_login"]
    search_fields = ["username", "display_name", "phone"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Gaoxin", {"fields": ("display_name", "phone", "unit")}))  # type: ignore[operator,misc]
    inlines = [RoleGrantInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id", "action"]
    date_hierarchy = "at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "target", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["channel", "status"]
    search_fields = ["idempotency_key", "target"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_enqueued_at", "last_started_at", "last_finished_at", "last_error"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "prefix", "unit", "created_at", "last_used_at", "revoked_at"]


admin.site.register(CalendarYear)
admin.site.register(CalendarDay)
admin.site.register(Notification)
admin.site.register(ImportJob)
admin.site.site_header = "Gaoxin 系统管理"
