from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Decision(models.Model):
    """The deciding document of a dated record: number, date, authority."""

    decision_number = models.CharField("Số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    decision_authority = models.CharField(
        "Cơ quan quyết định", max_length=255, blank=True
    )

    class Meta:
        abstract = True


class Dated(models.Model):
    """A row valid from a date until a date (open-ended when `end` is empty)."""

    start = models.DateField("Từ ngày")
    end = models.DateField("Đến ngày", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-start"]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."}
            )

    @classmethod
    def date_order_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(end__isnull=True) | Q(end__gte=F("start")), name=name
        )
