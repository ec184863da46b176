from django.urls import path

from gaoxin.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_edit, name="create"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/qualifications/", views.qualification_create, name="qualification_add"),
    path("<int:pk>/members/", views.member_create, name="member_add"),
]
