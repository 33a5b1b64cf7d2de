"""Pages of the preparation app (mounted at the site root by config/urls.py)."""

from django.urls import URLPattern, path

from certwright.preparation import views, views_classes

urlpatterns: list[URLPattern] = [
    path("preparation/", views.home, name="preparation-home"),
    path("preparation/plan/", views.plan, name="preparation-plan"),
    path("preparation/review/", views.review, name="preparation-review"),
    path("preparation/readiness/<str:test>/", views.readiness, name="preparation-readiness"),
    path("preparation/paths/", views.paths, name="preparation-paths"),
    path("preparation/exhibits/<int:item_id>/", views.exhibit, name="preparation-exhibit"),
    path("preparation/classes/", views_classes.classes, name="preparation-classes"),
    path("preparation/classes/<int:group_id>/", views_classes.class_detail, name="preparation-class"),
    path("preparation/classes/<int:group_id>/export.csv", views_classes.class_export, name="preparation-class-export"),
    path("preparation/join/<str:token>/", views_classes.join, name="preparation-join"),
]
