"""Pages of the measurement app (mounted at the site root by config/urls.py)."""

from django.urls import URLPattern, path

from certwright.measurement import views, views_adaptive, views_study

urlpatterns: list[URLPattern] = [
    path("psychometrics/", views.home, name="psychometrics"),
    path("psychometrics/studies/", views_study.studies, name="psychometrics-studies"),
    path("psychometrics/studies/new/", views_study.study_new, name="psychometrics-study-new"),
    path("psychometrics/studies/<int:pk>/", views_study.study_detail, name="psychometrics-study"),
    path("psychometrics/studies/<int:pk>/rate/", views_study.study_rate, name="psychometrics-study-rate"),
    path(
        "psychometrics/studies/<int:pk>/close-round/", views_study.study_round_close, name="psychometrics-study-close"
    ),
    path("psychometrics/studies/<int:pk>/adopt/", views_study.study_adopt, name="psychometrics-study-adopt"),
    path("psychometrics/forms/<int:form_id>/", views.form_conversion, name="psychometrics-form"),
    path("psychometrics/forms/<int:form_id>/equate/", views.form_equate, name="psychometrics-form-equate"),
    path("psychometrics/<str:test>/", views.test_analysis, name="psychometrics-test"),
    path("psychometrics/<str:test>/items.csv", views.analysis_csv, name="psychometrics-csv"),
    path("psychometrics/<str:test>/calibrate/", views.calibrate, name="psychometrics-calibrate"),
    path("psychometrics/<str:test>/pretest/", views.pretest, name="psychometrics-pretest"),
    path(
        "psychometrics/<str:test>/pretest/<str:item_id>/", views.pretest_decision, name="psychometrics-pretest-decide"
    ),
    path("psychometrics/<str:test>/items/<str:item_id>/", views.item_stats, name="psychometrics-item"),
    path("practice/adaptive/", views_adaptive.adaptive_home, name="adaptive"),
    path("practice/adaptive/new/", views_adaptive.adaptive_new, name="adaptive-new"),
    path("practice/adaptive/<int:pk>/", views_adaptive.adaptive_session, name="adaptive-session"),
    path("practice/adaptive/<int:pk>/answer/", views_adaptive.adaptive_submit, name="adaptive-answer"),
]
