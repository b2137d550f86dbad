from django.urls import path

from . import views, views_stays

urlpatterns = [
    path("e/<str:code>/", views.dashboard, name="dashboard"),
    path("e/<str:code>/dashboard/figures/", views.dashboard_figures, name="dashboard_figures"),
    path("e/<str:code>/availability/", views.availability, name="availability"),
    path("e/<str:code>/find/", views.find, name="find"),
    path("e/<str:code>/rates/", views.rates, name="rates"),
    path("e/<str:code>/reservations/", views.reservation_list, name="reservation_list"),
    path("e/<str:code>/reservations/new/", views.reservation_new, name="reservation_new"),
    path("e/<str:code>/reservations/quote/", views.quote, name="quote"),
    path("e/<str:code>/arrivals/", views_stays.arrivals, name="arrivals"),
    path("e/<str:code>/departures/", views_stays.departures, name="departures"),
    path("e/<str:code>/in-house/", views_stays.in_house, name="in_house"),
    path("e/<str:code>/walk-in/", views_stays.walk_in, name="walk_in"),
    path("e/<str:code>/rooms/", views_stays.room_rack, name="room_rack"),
    path(
        "e/<str:code>/rooms/<str:number>/housekeeping/",
        views_stays.room_housekeeping,
        name="room_housekeeping",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/check-in/",
        views_stays.check_in,
        name="check_in",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/check-out/",
        views_stays.check_out,
        name="check_out",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/move/",
        views_stays.move,
        name="move",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/",
        views.reservation_detail,
        name="reservation_detail",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/edit/",
        views.reservation_edit,
        name="reservation_edit",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/edit/preview/",
        views.reservation_edit_preview,
        name="reservation_edit_preview",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/cancel/",
        views.reservation_cancel,
        name="reservation_cancel",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/no-show/",
        views.reservation_no_show,
        name="reservation_no_show",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/reinstate/",
        views.reservation_reinstate,
        name="reservation_reinstate",
    ),
    path("e/<str:code>/night-audit/", views.night_audit, name="night_audit"),
    path("e/<str:code>/night-audit/run/", views.night_audit_run, name="night_audit_run"),
    path("e/<str:code>/reports/daily/", views.daily_report, name="daily_report"),
]
