from django.urls import path

from gaoxin.core import views_admin as v

app_name = "core"
urlpatterns: list = [
    path("imports/<slug:key>/", v.import_start, name="import_start"),
    path("imports/<slug:key>/template.xlsx", v.import_template, name="import_template"),
    path("imports/job/<int:pk>/", v.import_detail, name="import_detail"),
    path("imports/job/<int:pk>/commit/", v.import_commit, name="import_commit"),
    path("imports/job/<int:pk>/errors.xlsx", v.import_errors, name="import_errors"),
    path("audit/", v.audit_list, name="audit_list"),
    path("calendar/", v.calendar_list, name="calendar_list"),
    path("calendar/new/", v.calendar_edit, name="calendar_new"),
    path("calendar/<int:year>/", v.calendar_detail, name="calendar_detail"),
    path("calendar/<int:year>/edit/", v.calendar_edit, name="calendar_edit"),
    path("tokens/", v.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", v.token_revoke, name="token_revoke"),
]
