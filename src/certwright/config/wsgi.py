"""WSGI entry point (gunicorn certwright.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certwright.config.settings")
application = get_wsgi_application()
