from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gembazaar.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from gembazaar.catalogue.signals import listing_words_written

        from .document import lexicon_add, lexicon_words_of_many

        def add_to_lexicon(sender, texts, **kwargs) -> None:
            lexicon_add(lexicon_words_of_many(texts))

        # dispatch_uid: one receiver however often ready() runs (tests, reloads)
        listing_words_written.connect(add_to_lexicon, weak=False, dispatch_uid="search.lexicon")
