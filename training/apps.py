from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Đào tạo, bồi dưỡng"

    def ready(self):
        # Classes and learners become two more kinds on the registry's import pages.
        from cadre_registry.imports import register
        from training.imports import COHORTS, ENROLMENTS

        register(COHORTS)
        register(ENROLMENTS)
