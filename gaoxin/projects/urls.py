from django.urls import path

from gaoxin.projects import views as v
from gaoxin.projects import views_more as m

app_name = "projects"
urlpatterns = [
    path("", v.project_list, name="list"),
    path("new/", v.project_new, name="new"),
    path("export/", m.project_export, name="export"),
    path("<int:pk>/", v.project_detail, name="detail"),
    path("<int:pk>/edit/", v.project_edit, name="edit"),
    path("<int:pk>/stage/", v.stage_move, name="stage_move"),
    path("<int:pk>/milestones/", v.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", v.milestone_done, name="milestone_done"),
    path("<int:pk>/progress/", v.progress_add, name="progress_add"),
    path("<int:pk>/issues/", v.issue_add, name="issue_add"),
    path("issues/", v.issues, name="issues"),
    path("issues/export/", m.issue_export, name="issue_export"),
    path("issues/<int:pk>/resolve/", v.issue_close, name="issue_resolve"),
    path("issues/<int:pk>/escalate/", v.issue_escalate_view, name="issue_escalate"),
    path("progress/", v.progress_board, name="progress_board"),
    path("progress/export/", m.progress_export, name="progress_export"),
    path("pipeline/", m.pipeline, name="pipeline"),
    path("funnel/", m.funnel, name="funnel"),
    path("events/", m.events, name="events"),
    path("events/new/", m.event_new, name="event_new"),
    path("events/<int:pk>/", m.event_detail, name="event_detail"),
    path("trips/", m.trips, name="trips"),
    path("trips/new/", m.trip_new, name="trip_new"),
    path("trips/<int:pk>/", m.trip_detail, name="trip_detail"),
    path("events/<int:pk>/leads/", m.lead_add, {"kind": "event"}, name="event_lead_add"),
    path("trips/<int:pk>/leads/", m.lead_add, {"kind": "trip"}, name="trip_lead_add"),
    path("rankings/", m.rankings, name="rankings"),
    path("manufacturing/", m.manufacturing, name="manufacturing"),
    path("bulletin/", m.bulletin, name="bulletin"),
]
