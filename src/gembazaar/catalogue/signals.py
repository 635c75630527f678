"""What the catalogue tells whoever listens, without knowing who listens.

`listing_words_written(sender=Listing, texts=[...])`: search texts a service has just written,
inside the writing transaction. The search app adds their words to its typo lexicon
(search/apps.py); the catalogue does not import search.
"""

from django.dispatch import Signal

listing_words_written = Signal()
