"""Credential documents and Open Badges endpoints: PDFs, badge downloads, did:web, status lists."""

from django.urls import URLPattern, path

from certwright.credentials import views_documents as views

urlpatterns: list[URLPattern] = [
    path(".well-known/did.json", views.did_document, name="issuer-did-document"),
    path("credentials/status/revocation", views.status_list, name="credential-status-list"),
    path("credentials/<str:number>/badge.json", views.badge_json, name="credential-badge"),
    path("me/credentials/certificate.pdf", views.my_certificate_pdf, name="my-certificate-pdf"),
    path("me/credentials/wallet.pdf", views.my_wallet_pdf, name="my-wallet-pdf"),
    path(
        "people/<int:person_id>/credentials/certificate.pdf",
        views.person_certificate_pdf,
        name="person-certificate-pdf",
    ),
    path("people/<int:person_id>/credentials/wallet.pdf", views.person_wallet_pdf, name="person-wallet-pdf"),
]
