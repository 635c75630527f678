"""What search keeps in the database besides the listings themselves: the change log its
in-process index follows, and the typo lexicon. Both tables were created by the catalogue app
(migration 0002, with the triggers that fill the log) and kept their names when the models moved
here (search/0001 takes them over in Django's state only)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SearchChange(models.Model):
    """One write that the in-process search index must pick up: filled by database triggers.

    Triggers (catalogue migrations 0002 and 0004) add a row for every insert, update or delete of a listing or its
    spec, and for every change of a seller's status, names, slug or city, whoever writes (services,
    admin, raw SQL, the seeder). Search processes read the rows after their watermark
    (search/freshness.py). `token` is random: a row id reused after a rollback is told apart.
    """

    listing_id = models.BigIntegerField(null=True)
    seller_id = models.BigIntegerField(null=True)
    token = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "catalogue_searchchange"  # the catalogue's triggers write here; the name stays

    def __str__(self) -> str:
        return f"change {self.pk}: listing {self.listing_id} seller {self.seller_id}"


class SearchWord(models.Model):
    """A word that occurs in some listing's search text: the lexicon typo correction draws on."""

    word = models.CharField(max_length=30, primary_key=True)

    class Meta:
        db_table = "catalogue_searchword"  # created by catalogue migration 0002; the name stays

    def __str__(self) -> str:
        return self.word
