"""Pages of the employers app (mounted at the site root by config/urls.py)."""

from django.urls import path

from certwright.employers import views, views_people

urlpatterns = [
    path("employer/", views.dashboard_home, name="employer-home"),
    path("employer/<int:org_id>/", views.dashboard, name="employer-dashboard"),
    path("employer/<int:org_id>/workforce.csv", views.export_csv, name="employer-csv"),
    path("employer/<int:org_id>/workforce.pdf", views.export_pdf, name="employer-pdf"),
    path("employer/<int:org_id>/manage/", views.manage, name="employer-manage"),
    path(
        "employer/locations/<int:location_id>/qr.svg", views.location_qr, {"kind": "svg"}, name="employer-location-qr"
    ),
    path(
        "employer/locations/<int:location_id>/qr.png",
        views.location_qr,
        {"kind": "png"},
        name="employer-location-qr-png",
    ),
    path("employer/vouchers/", views_people.vouchers, name="employer-vouchers"),
    path("employer/voucher-orders/", views_people.voucher_orders, name="employer-voucher-orders"),
    path("me/employers/", views_people.my_employers, name="my-employers"),
    path("shops/<slug:slug>/", views.shop_public, name="shop-public"),
]
