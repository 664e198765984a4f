"""Celery app: broker from CELERY_BROKER_URL, schedules in django-celery-beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")

from cadre_registry.localdev import ensure_database_url  # noqa: E402

# A worker started by hand without DATABASE_URL uses the embedded PostgreSQL.
ensure_database_url()

app = Celery("cadre_registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
