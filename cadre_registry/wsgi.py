"""WSGI entry point (gunicorn cadre_registry.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")

from cadre_registry.localdev import ensure_database_url  # noqa: E402

ensure_database_url()
application = get_wsgi_application()
