from django.urls import path

from . import invoice_views as views

urlpatterns = [
    path("e/<str:code>/invoices/", views.invoice_list, name="invoice_list"),
    path("e/<str:code>/invoices/<str:number>.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("e/<str:code>/invoices/<str:number>/", views.invoice_detail, name="invoice_detail"),
    path(
        "e/<str:code>/invoices/<str:number>/cancel/",
        views.invoice_cancel,
        name="invoice_cancel",
    ),
    path("e/<str:code>/folios/<int:folio_id>/invoice/", views.invoice_issue, name="invoice_issue"),
    path("e/<str:code>/receipts/<str:number>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("e/<str:code>/receipts/<str:number>/", views.receipt_detail, name="receipt_detail"),
]
