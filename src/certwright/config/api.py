"""The JSON API under /api/v1/ (django-ninja). Each router lives in its app's api.py."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from certwright.candidates.api import router as people_router
from certwright.candidates.api_renewal import router as renewal_router
from certwright.common.middleware import database_unavailable
from certwright.credentials.api import router as credentials_router
from certwright.credentials.api_badges import router as badges_router
from certwright.employers.api import router as organisations_router
from certwright.exams.api import router as exams_router
from certwright.itembank.api import router as items_router
from certwright.measurement.api import router as psychometrics_router
from certwright.preparation.api import router as preparation_router
from certwright.programs.api import router as catalog_router

api = NinjaAPI(
    title="Certwright API",
    version="1",
    urls_namespace="api-1",
    description="Certification catalog, standing, delivery and credentials. Each operation states who may call it.",
)
api.add_router("/catalog", catalog_router)
api.add_router("/people", people_router)
api.add_router("/items", items_router)
api.add_router("/exams", exams_router)
api.add_router("/organisations", organisations_router)
api.add_router("", credentials_router)  # /verify/{number}, /credentials/..., /issuer/...
api.add_router("/preparation", preparation_router)
api.add_router("/psychometrics", psychometrics_router)
api.add_router("/me", renewal_router)  # experience records and continuous renewal of the signed-in person
api.add_router("/badges", badges_router)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with a readable ``detail`` (where and what) and ninja's list under ``errors``, so every
    documented 422 body (``detail`` plus optional fields) also holds for requests ninja rejects."""
    where = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors[:5]
    )
    return api.create_response(request, {"detail": f"invalid request: {where}", "errors": exc.errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own errors; a body that is not JSON says why and where (line and column)."""
    detail = str(exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        detail = f"the request body is not valid JSON: {exc.__cause__}"
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_gone(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database is briefly unavailable: 503 with Retry-After (also when DEBUG is on)."""
    return database_unavailable(request)
