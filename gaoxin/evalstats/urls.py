from django.urls import path

from gaoxin.evalstats import views

app_name = "evalstats"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("integrity/", views.integrity_list, name="integrity"),
    path("integrity/<int:pk>/decide/", views.integrity_decide, name="integrity_decide"),
    path("report/monthly.docx", views.monthly_report, name="monthly_report"),
    path("public/", views.public, name="public"),
    path("public/quarterly.xlsx", views.public_quarterly, name="public_quarterly"),
]
