from django.urls import path

app_name = "core"
urlpatterns: list = [
    # Audit, calendar, tokens, imports: added by their pages.
]
