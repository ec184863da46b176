from django.urls import path

from gaoxin.rectifications import views

app_name = "rectifications"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("topics/", views.topics_page, name="topics"),
    path("<int:pk>/", views.order_detail, name="order"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/<slug:action>/", views.order_action, name="action"),
]
