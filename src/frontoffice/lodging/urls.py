from django.urls import path

from . import views

urlpatterns = [
    path("e/<str:code>/", views.dashboard, name="dashboard"),
    path("e/<str:code>/availability/", views.availability, name="availability"),
    path("e/<str:code>/reservations/", views.reservation_list, name="reservation_list"),
    path("e/<str:code>/reservations/new/", views.reservation_new, name="reservation_new"),
    path("e/<str:code>/reservations/quote/", views.quote, name="quote"),
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
        "e/<str:code>/reservations/<str:confirmation>/cancel/",
        views.reservation_cancel,
        name="reservation_cancel",
    ),
    path(
        "e/<str:code>/reservations/<str:confirmation>/no-show/",
        views.reservation_no_show,
        name="reservation_no_show",
    ),
    path("e/<str:code>/guests/", views.guest_list, name="guest_list"),
    path("e/<str:code>/guests/new/", views.guest_edit, name="guest_new"),
    path("e/<str:code>/guests/search/", views.guest_search, name="guest_search"),
    path("e/<str:code>/guests/<int:guest_id>/", views.guest_detail, name="guest_detail"),
    path("e/<str:code>/guests/<int:guest_id>/edit/", views.guest_edit, name="guest_edit"),
]
