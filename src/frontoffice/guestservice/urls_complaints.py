from django.urls import path

from . import views_complaints as views

urlpatterns = [
    path("e/<str:code>/complaints/", views.complaint_list, name="complaint_list"),
    path("e/<str:code>/complaints/new/", views.complaint_new, name="complaint_new"),
    path(
        "e/<str:code>/complaints/<int:complaint_id>/",
        views.complaint_detail,
        name="complaint_detail",
    ),
    path("e/<str:code>/manager/", views.manager_desk, name="manager_desk"),
    path("e/<str:code>/shift-log/", views.shift_log, name="shift_log"),
    path("e/<str:code>/shift-log/<int:note_id>/read/", views.shift_log_read, name="shift_log_read"),
]
