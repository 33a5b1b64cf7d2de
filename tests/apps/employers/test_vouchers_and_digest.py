"""Voucher orders (staff mark them paid), assignment and use; the monthly digest, sent once."""

from __future__ import annotations

import io
import os
import threading
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from certwright.core.roles import Role
from certwright.employers.models import DigestSent, Voucher, VoucherOrder

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


class VoucherOrderTests:
    def test_order_paid_by_staff_assigned_and_used(self, shop: dict[str, Any], make_user: Any) -> None:
        from certwright.exams.models import Order

        org = shop["org"]
        boss = _client(shop["admin"])
        page = boss.post(
            "/employer/vouchers/",
            {"organisation": org.pk, "action": "order", "quantity": "2", "test": "a5"},
            follow=True,
        ).content.decode()
        order = VoucherOrder.objects.get(organisation=org)
        assert f"Order {order.pk} for 2 voucher(s) placed; it waits for payment." in page
        assert f"Order {order.pk}: 2 × A5, waiting for payment" in page
        assert not Voucher.objects.filter(order=order).exists()
        bad = boss.post(
            "/employer/vouchers/", {"organisation": org.pk, "action": "order", "quantity": "500"}, follow=True
        ).content.decode()
        assert "quantity: between 1 and 100 vouchers per order" in bad
        assert boss.get("/employer/voucher-orders/").status_code == 403
        staff = _client(make_user(Role.STAFF))
        assert f"Order {order.pk} from Main Street Auto" in staff.get("/employer/voucher-orders/").content.decode()
        paid = staff.post(
            "/employer/voucher-orders/", {"order": order.pk, "reference": "invoice 42"}, follow=True
        ).content.decode()
        assert f"Order {order.pk} paid; 2 voucher(s) issued." in paid
        again = staff.post("/employer/voucher-orders/", {"order": order.pk}, follow=True).content.decode()
        assert "order: not found among those waiting" in again
        voucher = Voucher.objects.filter(order=order).first()
        assert voucher is not None
        # give it to a technician of another organisation: refused; to Ann: fine
        eve = shop["eve"]
        refused = boss.post(
            "/employer/vouchers/",
            {"organisation": org.pk, "action": "assign", "voucher": voucher.pk, "person": eve.pk},
            follow=True,
        ).content.decode()
        assert "technician: not on the staff of Main Street Auto" in refused
        boss.post(
            "/employer/vouchers/",
            {"organisation": org.pk, "action": "assign", "voucher": voucher.pk, "person": shop["ann"].pk},
        )
        voucher.refresh_from_db()
        assert voucher.assigned_to == shop["ann"]
        # the voucher pays Ann's order in the delivery flow; the employer sees its use
        from certwright.core.facts import ResultKind
        from certwright.core.ordering import OrderLine
        from certwright.exams.services_orders import order_create, order_pay_with_voucher

        ann_order = order_create(person=shop["ann"], lines=[OrderLine("A5", ResultKind.RECERTIFICATION)])
        order_pay_with_voucher(order=ann_order, code=voucher.code)
        assert Order.objects.get(pk=ann_order.pk).status == "paid"
        html = boss.get("/employer/vouchers/").content.decode()
        assert f"2026-11-28 (order {ann_order.pk})" in html
        # another organisation's admin sees none of it
        assert voucher.code not in _client(shop["other_admin"]).get("/employer/vouchers/").content.decode()

    def test_assigning_a_used_voucher_is_refused(self, shop: dict[str, Any]) -> None:
        from certwright.employers.services import EmployerError, voucher_issue
        from certwright.employers.services_vouchers import voucher_assign

        voucher = voucher_issue(organisation=shop["org"], test="A5")
        Voucher.objects.filter(pk=voucher.pk).update(redeemed_at="2026-11-01T10:00:00Z", redeemed_order=7)
        with pytest.raises(EmployerError, match="already used"):
            voucher_assign(voucher=voucher, person=shop["ann"])


class DigestTests:
    def test_sent_once_a_month_with_expiries_and_risk(self, shop: dict[str, Any]) -> None:
        buf = io.StringIO()
        call_command("employer_digest", "--as-of", "2026-11-28", stdout=buf)
        out = [buf.getvalue()]
        assert "2026-11: 1 digest(s) sent" in out[0]
        assert "skipped: Elsewhere Motors: no admin with an email address" in out[0]
        assert len(mail.outbox) == 1
        msg = mail.outbox[0]
        assert msg.to == ["boss@example.test"]
        assert msg.subject == "Main Street Auto: 1 expiring, recognition at risk"
        assert "Main St does not qualify: certify one more technician at the Main St location" in msg.body
        assert "Pat Ames: A5 valid until 2027-01-10 (43 days)" in msg.body
        assert "Pat Cole (Brake technician): missing A5" in msg.body
        call_command("employer_digest", "--as-of", "2026-11-30", stdout=(buf2 := io.StringIO()))
        assert "0 digest(s) sent; 1 already sent this month" in buf2.getvalue()
        assert len(mail.outbox) == 1
        call_command("employer_digest", "--as-of", "2026-12-01", stdout=io.StringIO())
        assert len(mail.outbox) == 2
        assert DigestSent.objects.filter(organisation=shop["org"]).count() == 2

    def test_bad_date(self) -> None:
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="--as-of: 'May' is not a date"):
            call_command("employer_digest", "--as-of", "May")


class DigestClaimTests:
    """A run claims (organisation, month) by inserting the row before sending: a run that finds the
    row (an earlier run, or one going on at the same time whose insert won) sends nothing."""

    def test_a_claimed_month_is_not_sent_again(self, shop: dict[str, Any]) -> None:
        from certwright.employers.services_digest import digests_send

        DigestSent.objects.create(organisation=shop["org"], month=date(2026, 11, 1))
        report = digests_send(on=date(2026, 11, 28))
        assert report.sent == []
        assert report.already == ["Main Street Auto"]
        assert mail.outbox == []

    def test_a_failed_send_frees_the_month(self, shop: dict[str, Any], settings: Any) -> None:
        from certwright.employers.services_digest import digests_send

        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
        report = digests_send(on=date(2026, 11, 28))
        assert report.failed[0].startswith("Main Street Auto: ")
        assert not DigestSent.objects.exists()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert digests_send(on=date(2026, 11, 28)).sent == ["Main Street Auto"]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (and SQLite refuses to flush audit rows after a transactional test)",
)
@pytest.mark.django_db(transaction=True)
class ConcurrentDigestTests:
    def test_two_runs_at_once_send_one_digest(self, shop: dict[str, Any]) -> None:
        from certwright.employers.services_digest import DigestReport, digests_send

        barrier = threading.Barrier(2)
        reports: list[DigestReport] = []
        errors: list[BaseException] = []

        def run() -> None:
            from django.db import connections

            try:
                barrier.wait()
                reports.append(digests_send(on=date(2026, 11, 28)))
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sorted(len(r.sent) for r in reports) == [0, 1]
        assert sorted(len(r.already) for r in reports) == [0, 1]
        assert [m.subject for m in mail.outbox] == ["Main Street Auto: 1 expiring, recognition at risk"]
        assert DigestSent.objects.count() == 1
