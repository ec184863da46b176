from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from config.api import api
from gaoxin.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("inbox/", core_views.inbox, name="inbox"),
    path("inbox/read/", core_views.inbox_mark_read, name="inbox_mark_read"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("core/", include("gaoxin.core.urls")),
]
for app in settings.INSTALLED_APPS:
    if app.startswith("gaoxin.") and app not in {"gaoxin.core", "gaoxin.demo"}:
        label = app.split(".")[-1]
        try:
            urlpatterns.append(path(f"{label}/", include(f"{app}.urls")))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.urls":
                raise
if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
