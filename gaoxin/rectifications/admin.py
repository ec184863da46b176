"""Admin: routing rules and deadline policies are edited here; work orders are read-only
(status changes only through the services and workflow.py)."""

from django.contrib import admin

from gaoxin.rectifications.models import RectificationPolicy, RoutingRule, WorkOrder, WorkOrderEvent


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("department", "hall", "item", "assign_to", "is_active", "note")
    list_filter = ("is_active",)


@admin.register(RectificationPolicy)
class RectificationPolicyAdmin(admin.ModelAdmin):
    list_display = ("region", "callback_days", "fix_days", "warn_hours", "updated_at")


class EventInline(admin.TabularInline):
    model = WorkOrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor_label", "kind", "from_status", "to_status", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "department", "hall", "opened_at", "fix_due_at", "escalated")
    list_filter = ("status", "escalated")
    search_fields = ("number",)
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
