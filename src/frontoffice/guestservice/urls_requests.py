from django.urls import path

from . import views_requests as views

urlpatterns = [
    path("e/<str:code>/requests/", views.queue, name="request_queue"),
    path("e/<str:code>/requests/rows/", views.queue_rows, name="request_queue_rows"),
    path("e/<str:code>/requests/new/", views.request_new, name="request_new"),
    path("e/<str:code>/requests/act/", views.queue_act, name="request_queue_act"),
    path("e/<str:code>/requests/service-levels/", views.service_levels, name="service_levels"),
    path(
        "e/<str:code>/requests/<int:request_id>/complete/",
        views.request_complete,
        name="request_complete",
    ),
    path(
        "e/<str:code>/requests/<int:request_id>/cancel/",
        views.request_cancel,
        name="request_cancel",
    ),
    path(
        "e/<str:code>/requests/<int:request_id>/<str:action>/",
        views.request_action,
        name="request_action",
    ),
    path("e/<str:code>/porter/", views.porter, name="porter"),
    path("e/<str:code>/porter/store/", views.porter_store, name="porter_store"),
    path("e/<str:code>/porter/release/", views.porter_release, name="porter_release"),
    path("e/<str:code>/luggage/<str:tag>/label.pdf", views.luggage_label, name="luggage_label"),
]
