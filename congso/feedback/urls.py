# SPDX-License-Identifier: MIT
"""Pages (inside the language prefix)."""

from django.urls import path

from . import officer_views, views

app_name = "feedback"

urlpatterns = [
    path("phan-anh/", views.report_list, name="list"),
    path("phan-anh/ban-do.geojson", views.map_points, name="points"),
    path("phan-anh/gui/", views.report_new, name="new"),
    path("phan-anh/gan-day/", views.nearby, name="nearby"),
    path("phan-anh/anh/<str:photo_id>/", views.photo, name="photo"),
    path("phan-anh/<int:report_id>/", views.report_detail, name="detail"),
    path("phan-anh/<int:report_id>/cung-phan-anh/", views.report_support, name="support"),
    path("phan-anh/<int:report_id>/theo-doi/<str:key>/", views.report_manage, name="manage"),
    path("can-bo/phan-anh/", officer_views.inbox, name="officer_inbox"),
    path("can-bo/phan-anh/tong-dai/", officer_views.hotline_intake, name="hotline"),
    path(
        "can-bo/phan-anh/anh-goc/<str:photo_id>/",
        officer_views.photo_original,
        name="photo_original",
    ),
    path("can-bo/phan-anh/<int:report_id>/", officer_views.report_page, name="officer_report"),
]
