from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from certwright.accounts import views as account_views
from certwright.candidates import views as candidate_views
from certwright.config.api import api
from certwright.programs import views as program_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("catalog/", program_views.catalog_page, name="catalog"),
    path("catalog/<str:code>/", program_views.test_page, name="catalog-test"),
    path("me/certifications/", candidate_views.my_certifications, name="my-certifications"),
    path("people/", candidate_views.people_list, name="people"),
    path("people/<int:person_id>/certifications/", candidate_views.person_certifications, name="person-certifications"),
    path("bank/", include("certwright.itembank.urls")),
    path("", include("certwright.exams.urls")),
    path("", include("certwright.employers.urls")),
    path("", include("certwright.candidates.urls")),
    path("", include("certwright.credentials.urls")),
    path("", include("certwright.credentials.urls_documents")),
    path("", include("certwright.preparation.urls")),
    path("", include("certwright.measurement.urls")),
    path("", include("certwright.common.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
