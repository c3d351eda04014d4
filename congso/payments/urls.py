# SPDX-License-Identifier: MIT
"""Pages (inside the language prefix)."""

from django.urls import path

from . import officer_views, reconciliation_views, views

app_name = "payments"

urlpatterns = [
    path("ho-so-cua-toi/<str:code>/le-phi/", views.citizen_page, name="citizen"),
    path(
        "ho-so-cua-toi/<str:code>/le-phi/<str:reference>.pdf",
        views.citizen_pdf,
        name="citizen_pdf",
    ),
    path("thanh-toan/ket-qua/<str:order_id>/", views.gateway_return, name="return"),
    path("can-bo/ho-so/<str:code>/le-phi/", officer_views.officer_page, name="officer"),
    path(
        "can-bo/ho-so/<str:code>/le-phi/<str:reference>.pdf",
        officer_views.officer_pdf,
        name="officer_pdf",
    ),
    path("can-bo/doi-soat/", reconciliation_views.statement_list, name="statements"),
    path("can-bo/doi-soat/<int:pk>/", reconciliation_views.statement_detail, name="statement"),
    path("can-bo/doi-soat/bao-cao/", reconciliation_views.daily_report, name="report"),
    path(
        "can-bo/doi-soat/bao-cao.xlsx", reconciliation_views.daily_report_xlsx, name="report_xlsx"
    ),
]
