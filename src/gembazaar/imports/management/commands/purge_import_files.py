"""`gembazaar purge-import-files [--days N] [--dry-run]`.

Deletes the uploaded spreadsheets and pictures ZIPs of import jobs that ended (imported, with
errors, failed) more than N days ago (IMPORT_FILE_RETENTION_DAYS, 30); the jobs themselves stay.
The same as the daily Celery beat task `imports.purge_old_files`, by hand or from cron.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gembazaar.imports.services import files as file_services

PROGRESS_FROM = 50  # jobs: below this, no progress bar


class Command(BaseCommand):
    help = "Delete the uploaded files of import jobs that ended more than N days ago; keep the jobs."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"keep files this many days after their job ended "
                                 f"(default IMPORT_FILE_RETENTION_DAYS, {settings.IMPORT_FILE_RETENTION_DAYS})")
        parser.add_argument("--dry-run", action="store_true", help="list what would be deleted; delete nothing")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.IMPORT_FILE_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        dry_run = options["dry_run"]
        total = file_services.import_jobs_with_old_files(days=days).count()
        bar = tqdm(total=total, unit="job", desc="purging", file=self.stderr._out,
                   disable=options["verbosity"] == 0 or total < PROGRESS_FROM)
        verb = "would delete" if dry_run else "deleted"

        def report(result: file_services.PurgedFiles | None) -> None:
            bar.update(1)
            if result is None or options["verbosity"] == 0:
                return
            for name in result.names:
                note = " (already missing)" if name in result.missing else ""
                bar.write(f"job {result.job_id} (seller {result.seller_id}): {verb} {name}{note}",
                          file=self.stdout._out)
            if not result.names:
                bar.write(f"job {result.job_id} (seller {result.seller_id}): no stored files", file=self.stdout._out)

        try:
            purged = file_services.import_jobs_purge_files(days=days, dry_run=dry_run, on_job=report)
        finally:
            bar.close()
        files = sum(len(p.names) - len(p.missing) for p in purged)
        size = sum(p.bytes for p in purged)
        summary = (f"{'Dry run: ' if dry_run else ''}{len(purged)} job(s) ended more than {days} day(s) ago: "
                   f"{verb} {files} file(s), {size / 1_048_576:.1f} MB.")
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
