from django.urls import path

from gaoxin.evaluations.views import desk, devices, kiosk, manage, org, public, qr

app_name = "evaluations"

urlpatterns = [
    # evaluator tablet (device token in localStorage; the pages themselves are static shells)
    path("kiosk/", kiosk.kiosk, name="kiosk"),
    path("kiosk/pair/", kiosk.kiosk_pair, name="kiosk_pair"),
    # citizens, no login
    path("r/s/<str:token>/", public.rate_static, name="rate_static"),
    path("r/c/<str:token>/", public.rate_case, name="rate_case"),
    path("rate/", public.pc_lookup, name="pc_lookup"),
    path("rate/<str:token>/", public.pc_rate, name="pc_rate"),
    # window staff
    path("mine/", desk.my_ratings_view, name="mine"),
    path("desk/", desk.case_desk, name="desk"),
    path("desk/accept/", desk.case_accept, name="case_accept"),
    path("cases/<int:pk>/complete/", desk.case_complete_view, name="case_complete"),
    path("cases/<int:pk>/receipt/", desk.case_receipt, name="case_receipt"),
    # hall manager
    path("feed/", manage.feed, name="feed"),
    path("devices/", devices.device_list, name="devices"),
    path("devices/register/", devices.device_register_view, name="device_register"),
    path("devices/<int:pk>/revoke/", devices.device_revoke_view, name="device_revoke"),
    path("halls/<int:pk>/edit/", org.hall_edit, name="hall_edit"),
    path("windows/", manage.windows, name="windows"),
    path("windows/<int:pk>/edit/", org.window_edit, name="window_edit"),
    path("staff/", manage.staff_list, name="staff"),
    path("staff/<int:pk>/edit/", org.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/qr.svg", qr.staff_qr, name="staff_qr"),
    path("staff/<int:pk>/qr/<str:op>/", qr.staff_qr_change, name="staff_qr_change"),
    path("cards/", qr.window_cards, name="cards"),
    path("items/", manage.items, name="items"),
    path("items/<int:pk>/edit/", org.item_edit, name="item_edit"),
    path("export/", manage.ratings_export, name="export"),
]
