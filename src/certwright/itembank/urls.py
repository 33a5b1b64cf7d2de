from django.urls import path

from certwright.itembank import views

urlpatterns = [
    path("", views.bank_list, name="bank"),
    path("new/", views.item_new, name="bank-new"),
    path("preview/", views.item_preview, name="bank-preview"),
    path("review/", views.queue, name="bank-queue"),
    path("exhibits/<str:exhibit_id>/", views.exhibit_file, name="bank-exhibit"),
    path("items/<str:item_id>/", views.item_detail, name="bank-item"),
    path("items/<str:item_id>/edit/", views.item_edit, name="bank-edit"),
    path("items/<str:item_id>/diff/", views.item_diff, name="bank-diff"),
    path("items/<str:item_id>/vote/", views.vote, name="bank-vote"),
    path("items/<str:item_id>/transition/", views.transition, name="bank-transition"),
]
