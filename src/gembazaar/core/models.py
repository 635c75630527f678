from functools import cache

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


@cache
def _choice_labels(field: models.Field) -> dict:
    """A field's value → label, built once: its choices never change while the process runs."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class QuickChoiceLabels:
    """`get_FOO_display()` in constant time.

    Django builds a dict of every choice on each call, hashing each lazy label, which translates
    it: a variety (hundreds of choices) named on 24 cards cost 5,000 translations a page, a third
    of the search page's render time. Here the dict is built once per field, and only the label
    shown is translated, in the language of the moment.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk update and delete: a record that is append-only is corrected by a new row."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model.append_only_name} is append-only.")

    def delete(self):
        raise TypeError(f"{self.model.append_only_name} is append-only.")


class AppendOnlyModel(models.Model):
    """A row written once and never changed or removed (ledgers, event logs, audit trails); the
    model and its queryset both refuse. `append_only_name` says what it is in the error."""

    append_only_name = "This record"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{self.append_only_name} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self.append_only_name} is append-only.")
