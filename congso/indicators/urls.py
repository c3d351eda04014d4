# SPDX-License-Identifier: MIT
from django.urls import path

from . import field_report_views, views

app_name = "indicators"

urlpatterns = [
    path("dieu-hanh/", views.operations, name="operations"),
    path("dieu-hanh/co-quan/<str:code>/", views.agency_detail, name="agency"),
    path("dieu-hanh/ho-so/", views.dossier_list, name="dossiers"),
    path("dieu-hanh/chi-so-766/", views.index_page, name="index766"),
    path("dieu-hanh/muc-tieu/", views.targets_page, name="targets"),
    path("dieu-hanh/muc-tieu/<str:code>/do/", views.target_measure, name="target_measure"),
    path("dieu-hanh/phan-anh/", field_report_views.field_report_overview, name="field_reports"),
    path(
        "dieu-hanh/phan-anh/danh-sach/",
        field_report_views.field_report_list,
        name="field_report_list",
    ),
    path("minh-bach/", views.transparency, name="transparency"),
]
