from django.urls import path

from gaoxin.matching import views, views_network

app_name = "matching"

urlpatterns = [
    path("", views_network.figures_page, name="figures"),
    path("figures/export/", views_network.figures_export, name="figures_export"),
    path("needs/", views.needs, name="needs"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/transition/", views.need_transition, name="need_transition"),
    path("needs/<int:pk>/rematch/", views.need_rematch, name="need_rematch"),
    path("needs/<int:pk>/matches/<int:match_id>/decide/", views.match_decide, name="match_decide"),
    path("needs/<int:pk>/refer/", views.referral_create, name="referral_create"),
    path("needs/<int:pk>/docking/", views.docking_create, name="docking_create"),
    path("needs/<int:pk>/rate/", views.need_rate, name="need_rate"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:pk>/respond/", views.referral_respond, name="referral_respond"),
    path("bases/", views_network.bases, name="bases"),
    path("bases/<int:pk>/", views_network.base_detail, name="base"),
    path("resources/", views_network.resources, name="resources"),
    path("resources/new/", views_network.resource_new, name="resource_new"),
    path("trail/", views_network.trail, name="trail"),
    path("trail/new/", views_network.trail_new, name="trail_new"),
    path("trail/<int:pk>/done/", views_network.trail_done, name="trail_done"),
    path("enterprises/<int:pk>/timeline/", views_network.enterprise_timeline, name="timeline"),
    path("events/", views_network.events, name="events"),
    path("events/new/", views_network.event_new, name="event_new"),
    path("events/<int:pk>/", views_network.event_detail, name="event"),
    path("events/<int:pk>/registrations/", views_network.event_register, name="event_register"),
]
