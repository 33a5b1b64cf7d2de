"""WSGI entry point (gunicorn certwright.config.wsgi). The autosave fast path answers the common
save before Django's request handling (see certwright.exams.autosave_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certwright.config.settings")
django_application = get_wsgi_application()

from certwright.exams.autosave_wsgi import AutosaveWSGI  # noqa: E402 - needs the apps loaded above

application = AutosaveWSGI(django_application)
