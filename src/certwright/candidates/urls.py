"""Pages of the candidates app for experience and continuous renewal (mounted at the site root)."""

from django.urls import path

from certwright.candidates import views_experience, views_renewal

urlpatterns = [
    path("me/experience/", views_experience.my_experience, name="my-experience"),
    path(
        "me/experience/<int:record_id>/evidence/",
        views_experience.experience_evidence_add,
        name="my-experience-evidence",
    ),
    path("experience/evidence/<int:evidence_id>/", views_experience.evidence_download, name="experience-evidence"),
    path("employer/attestations/", views_experience.employer_attestations, name="employer-attestations"),
    path("employer/attestations/<int:record_id>/", views_experience.employer_attest, name="employer-attest"),
    path("staff/experience/", views_experience.staff_experience, name="staff-experience"),
    path("staff/experience/<int:record_id>/", views_experience.staff_experience_decide, name="staff-experience-decide"),
    path("me/renewal/", views_renewal.my_renewal, name="my-renewal"),
    path("me/renewal/subscribe/", views_renewal.renewal_subscribe_view, name="renewal-subscribe"),
    path("me/renewal/cancel/", views_renewal.renewal_cancel_view, name="renewal-cancel"),
    path("me/renewal/questions/<int:question_id>/", views_renewal.renewal_question, name="renewal-question"),
]
