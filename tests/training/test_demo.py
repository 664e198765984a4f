"""`make run`'s demo: the province, the accounts and a year of training."""

import io

from django.core.management import call_command

from cadre_registry.models import Person, TrainingRecord, User
from training.models import Cohort, Enrolment, TrainingPlan


def test_demo_data_creates_people_accounts_and_a_year_of_training(db):
    call_command("demo_data", people=80, stdout=io.StringIO())
    assert Person.objects.count() == 80
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "tochuc",
        "lanhdao",
        "kiemtra",
    }
    assert TrainingPlan.objects.count() == 1
    assert Cohort.objects.count() == 3
    assert Enrolment.objects.count() == 12 + 10 + 6
    completed = Enrolment.objects.filter(status="completed")
    assert completed.count() == 10 + 9
    assert Enrolment.objects.filter(status="failed").count() == 2 + 1
    assert Enrolment.objects.filter(status="enrolled").count() == 6
    # Each completion raised the learner's level and wrote the 2C training row.
    trung_cap = completed.filter(cohort__course_type__code="llct_trung_cap")
    assert trung_cap.count() == 10
    for enrolment in trung_cap.select_related(
        "person__political_theory", "cohort__course_type__grants_political_theory"
    ):
        granted = enrolment.cohort.course_type.grants_political_theory
        assert enrolment.person.political_theory.rank >= granted.rank, enrolment
    assert (
        TrainingRecord.objects.filter(person__in=completed.values("person")).count()
        >= completed.count()
    )
    # A second run (a second `make run`) keeps the data and adds nothing.
    call_command("demo_data", people=80, stdout=io.StringIO())
    assert Cohort.objects.count() == 3 and Person.objects.count() == 80
