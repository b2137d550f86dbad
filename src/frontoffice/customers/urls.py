from django.urls import path

from . import views

urlpatterns = [
    path("e/<str:code>/guests/", views.guest_list, name="guest_list"),
    path("e/<str:code>/guests/new/", views.guest_edit, name="guest_new"),
    path("e/<str:code>/guests/search/", views.guest_search, name="guest_search"),
    path("e/<str:code>/guests/<int:guest_id>/", views.guest_detail, name="guest_detail"),
    path("e/<str:code>/guests/<int:guest_id>/edit/", views.guest_edit, name="guest_edit"),
]
