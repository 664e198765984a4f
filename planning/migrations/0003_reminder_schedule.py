"""The daily reminders schedule, as data an administrator can change in the admin
(R6), like cadre_registry 0003_default_schedules."""

from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour): after the nightly refresh of current
    # units and posts (00:15), so each reminder goes to the person's unit of the day.
    ("Tính nhắc việc quy hoạch, bổ nhiệm, nghỉ hưu (hằng ngày)", "planning.tasks.compute_reminders_task", ("45", "0")),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_reminder"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
