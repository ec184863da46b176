"""Admin: read-mostly views of 足迹 records; status fields are read-only (services change them)."""

from django.contrib import admin

from gaoxin.matching.models import Base, Docking, Event, Incubation, LearnedWeights, Match, Need, Referral, Resource


class ReadOnlyStatus(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Base)
class BaseAdmin(ReadOnlyStatus):
    list_display = ["unit", "kind", "network", "city"]
    list_filter = ["kind", "network"]
    readonly_fields = ["unit"]


@admin.register(Incubation)
class IncubationAdmin(ReadOnlyStatus):
    list_display = ["enterprise", "base", "signed_on", "stage", "graduated_on"]
    list_filter = ["base", "stage"]
    raw_id_fields = ["enterprise", "industry"]


@admin.register(Need)
class NeedAdmin(ReadOnlyStatus):
    list_display = ["title", "enterprise", "type", "status", "created_at"]
    list_filter = ["status", "type", "base"]
    search_fields = ["title", "enterprise__name"]
    readonly_fields = ["status", "first_matched_at", "resolved_at", "rating", "rating_text", "rated_at", "created_by"]
    raw_id_fields = ["enterprise", "industry", "unit", "source_event"]


@admin.register(Resource)
class ResourceAdmin(ReadOnlyStatus):
    list_display = ["title", "type", "provider", "base", "is_active"]
    list_filter = ["type", "is_active", "base"]
    search_fields = ["title", "provider"]
    raw_id_fields = ["enterprise", "unit", "created_by"]


@admin.register(Match)
class MatchAdmin(ReadOnlyStatus):
    list_display = ["need", "resource", "rank", "score", "status"]
    list_filter = ["status"]
    readonly_fields = ["need", "resource", "score", "rank", "factors", "summary", "status", "decided_by", "decided_at"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyStatus):
    list_display = ["need", "from_base", "to_base", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "responded_by", "responded_at"]
    raw_id_fields = ["need", "match"]


@admin.register(Docking)
class DockingAdmin(ReadOnlyStatus):
    list_display = ["need", "base", "held_on", "outcome", "deal_amount_wan"]
    list_filter = ["outcome", "base"]
    raw_id_fields = ["need", "match", "referral"]


@admin.register(Event)
class EventAdmin(ReadOnlyStatus):
    list_display = ["title", "base", "kind", "held_on"]
    list_filter = ["kind", "base"]


@admin.register(LearnedWeights)
class LearnedWeightsAdmin(ReadOnlyStatus):
    list_display = ["created_at", "outcomes"]
    readonly_fields = ["weights", "outcomes", "created_at"]
