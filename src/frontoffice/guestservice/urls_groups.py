from django.urls import path

from . import views_groups as views

urlpatterns = [
    path("e/<str:code>/groups/", views.block_list, name="block_list"),
    path("e/<str:code>/groups/blocks/new/", views.block_new, name="block_new"),
    path("e/<str:code>/groups/blocks/<int:block_id>/", views.block_detail, name="block_detail"),
    path("e/<str:code>/groups/blocks/<int:block_id>/book/", views.block_book, name="block_book"),
    path(
        "e/<str:code>/groups/blocks/<int:block_id>/release/",
        views.block_release,
        name="block_release",
    ),
    path("e/<str:code>/groups/blocks/<int:block_id>/edit/", views.block_edit, name="block_edit"),
    path("e/<str:code>/groups/events/", views.event_list, name="event_list"),
    path("e/<str:code>/groups/events/new/", views.event_new, name="event_new"),
    path("e/<str:code>/groups/events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("e/<str:code>/groups/events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
]
