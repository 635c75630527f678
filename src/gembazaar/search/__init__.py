"""The search app: faceted, full-text, keyset-paged search over the catalogue; fast at a million listings.

Its public interface (the page, the API, saved searches and the pricing app use only these):

    params = params.parse_search_params(request.GET)   # ValidationError keyed by parameter name
    result = engine.run_search(params)                  # SearchResult (types.py)
    freshness.LOG_CHANGED_SQL                           # tell search about writes that skip the triggers
    document.lexicon_add(words)                         # words for typo correction (bulk writers)

The catalogue knows nothing of search: database triggers log its writes (freshness.py), and the
words of a listing written through catalogue.services reach the lexicon by a signal (apps.py).

See docs/ARCHITECTURE.md ("Search") for how it works and docs/PERFORMANCE.md for its figures.
"""
