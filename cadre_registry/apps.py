from django.apps import AppConfig


class CadreRegistryConfig(AppConfig):
    name = "cadre_registry"
    verbose_name = "Hồ sơ cán bộ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Load the Celery app so that .delay() in web processes uses our broker.
        from cadre_registry import celery, signals  # noqa: F401
