"""The schedules that keep the statistics of today and of the last year-ends
(reports/state.py), as data an administrator can change in the admin (R6): built
after the nightly refresh of current units and posts (00:15), and brought up to date
every five minutes."""

from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("Lưu số liệu thống kê hôm nay và cuối năm (hằng đêm)", "reports.tasks.keep_statistics_task", ("30", "0")),
    ("Cập nhật số liệu thống kê đã lưu (5 phút một lần)", "reports.tasks.refresh_statistics_task", ("*/5", "*")),
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
        ("reports", "0003_person_state"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
