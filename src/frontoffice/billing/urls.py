from django.urls import path

from . import views

urlpatterns = [
    path("e/<str:code>/folios/", views.folio_list, name="folio_list"),
    path("e/<str:code>/folios/<int:folio_id>/", views.folio_detail, name="folio_detail"),
    path(
        "e/<str:code>/folios/<int:folio_id>/<str:action>/",
        views.folio_post,
        name="folio_post",
    ),
]
