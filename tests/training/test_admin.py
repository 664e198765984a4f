"""The training models in the Django admin open for an administrator."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("model", ["coursetype", "trainingplan", "cohort", "enrolment"])
def test_admin_changelist_opens(client, personas, cohort, model):
    client.force_login(personas["admin"])
    response = client.get(reverse(f"admin:training_{model}_changelist"))
    assert response.status_code == 200
    if model == "coursetype":
        assert "Cao cấp lý luận chính trị" in response.text
