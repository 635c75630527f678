"""Every write of the imports app, by role: start a job, validate a file, commit it all or nothing.

Rules: every row is checked (rows.py) before anything is written; the write happens in one
transaction, so on any error nothing is written; update-by-SKU touches only the acting seller's
listings; imported listings are drafts unless the seller is verified and asked to publish.

- checking.py  read and check a file (import_check)
- writing.py   write a checked file (import_write, import_listings)
- jobs.py      jobs from the doors: create and queue the check, queue the commit
- runs.py      what the workers run for a job (check, commit, fail)
- stale.py     jobs whose worker went silent
- files.py     purging uploaded files after the retention period
"""
