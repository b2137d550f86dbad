from django.urls import path

from . import views

urlpatterns: list = [
    path("e/<str:code>/answers/", views.answers, name="answers"),
    path("e/<str:code>/answers/new/", views.answer_edit, name="answer_new"),
    path("e/<str:code>/answers/<int:answer_id>/", views.answer_edit, name="answer_edit"),
    path("e/<str:code>/templates/", views.templates, name="templates"),
    path("e/<str:code>/templates/new/", views.template_new, name="template_new"),
    path("e/<str:code>/messages/", views.outbox, name="outbox"),
    path("e/<str:code>/messages/new/", views.message_new, name="message_new"),
]
