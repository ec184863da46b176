"""Admin: organisation records are read-only here (writes go through the services and pages);
ratings can never be changed or deleted."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gaoxin.evaluations.models import (
    Case,
    Device,
    Hall,
    Rating,
    RatingExclusion,
    RatingPolicy,
    ServiceItem,
    Staff,
    UpstreamPush,
    Window,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Hall)
class HallAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "region", "is_active")
    search_fields = ("code", "name")


@admin.register(Window)
class WindowAdmin(ReadOnlyAdmin):
    list_display = ("hall", "number", "name", "department", "is_active")
    list_filter = ("hall",)


@admin.register(Staff)
class StaffAdmin(ReadOnlyAdmin):
    list_display = ("user", "hall", "window", "job_number", "qr_version", "qr_revoked_at", "is_active")
    exclude = ("qr_version",)


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "department", "kind", "time_limit_days", "is_active")
    search_fields = ("code", "name")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "item", "hall", "window", "status", "accepted_at", "completed_at")
    search_fields = ("number",)
    exclude = ("applicant_name_enc", "applicant_phone_enc", "applicant_id_enc", "applicant_phone_index")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "case", "hall", "window", "level", "channel", "rating_no", "is_default", "received_at")
    list_filter = ("level", "channel", "is_default", "rating_no")
    exclude = ("rater_name_enc", "rater_phone_enc", "rater_id_enc", "rater_phone_index", "client_ip")


@admin.register(RatingExclusion)
class RatingExclusionAdmin(ReadOnlyAdmin):
    list_display = ("rating", "decided_by", "decided_at", "appeal_ref")


@admin.register(RatingPolicy)
class RatingPolicyAdmin(ReadOnlyAdmin):
    list_display = ("region", "supplementary_days", "default_rating_enabled", "upstream_url", "updated_at")


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ("name", "hall", "window", "last_seen_at", "revoked_at")


@admin.register(UpstreamPush)
class UpstreamPushAdmin(ReadOnlyAdmin):
    list_display = ("rating", "status", "attempts", "next_attempt_at", "acked_at")
    list_filter = ("status",)
