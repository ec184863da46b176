from django.urls import path

from gaoxin.rectifications import views

app_name = "rectifications"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("<int:pk>/", views.order_detail, name="order"),
]
