from django.urls import path

from certwright.exams import views, views_practice

urlpatterns = [
    path("exams/", views.my_tests, name="exams"),
    path("exams/order/", views.order_new, name="exam-order"),
    path("exams/orders/<int:order_id>/voucher/", views.pay_with_voucher, name="exam-voucher"),
    path("exams/purchases/<int:purchase_id>/book/", views.book, name="exam-book"),
    path("exams/appointments/<int:appointment_id>/cancel/", views.cancel, name="exam-cancel"),
    path("exams/sittings/<int:sitting_id>/", views.sitting_home, name="exam-sitting"),
    path("exams/sittings/<int:sitting_id>/q/<int:number>/", views.question, name="exam-question"),
    path("exams/sittings/<int:sitting_id>/q/<int:number>/exhibit/", views.exhibit, name="exam-exhibit"),
    path("exams/sittings/<int:sitting_id>/review/", views.review, name="exam-review"),
    path("exams/sittings/<int:sitting_id>/result/", views.result, name="exam-result"),
    path("practice/", views_practice.practice_home, name="practice"),
    path("practice/<int:session_id>/q/<int:number>/", views_practice.practice_question, name="practice-question"),
    path("practice/<int:session_id>/summary/", views_practice.practice_summary, name="practice-summary"),
    path("proctor/", views.proctor_console, name="proctor"),
    path("proctor/appointments/<int:appointment_id>/", views.proctor_action, name="proctor-action"),
    path("staff/orders/", views.staff_orders, name="staff-orders"),
]
