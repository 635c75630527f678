"""Bulk actions on a seller's listings: publish, unpublish, archive or change the price of many at once.

- rules.py: what each action does to one listing (the single action's service, and why a listing
  is skipped) and the checks of the action's parameters;
- runs.py: a job applied batch by batch, each batch one transaction, progress counted in it;
- tasks.py: the Celery task that runs a large job;
- services.py: `listings_bulk_apply`, the one call the doors make (seller centre, seller API).

Nothing is imported here, so importing one module does not load the others.
"""
