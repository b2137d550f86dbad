from django.urls import path

from . import views_concierge as views

urlpatterns = [
    path("e/<str:code>/concierge/", views.catalogue, name="concierge"),
    path("e/<str:code>/concierge/new/", views.attraction_edit, name="attraction_new"),
    path(
        "e/<str:code>/concierge/<int:attraction_id>/",
        views.attraction_detail,
        name="attraction_detail",
    ),
    path(
        "e/<str:code>/concierge/<int:attraction_id>/edit/",
        views.attraction_edit,
        name="attraction_edit",
    ),
    path(
        "e/<str:code>/concierge/<int:attraction_id>/book/",
        views.attraction_book,
        name="attraction_book",
    ),
]
