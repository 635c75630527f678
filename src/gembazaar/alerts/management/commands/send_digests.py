"""`gembazaar send-digests`: the saved-search digest for those who run cron instead of Celery beat."""

from django.core.management.base import BaseCommand, CommandError

from gembazaar.alerts.digests import digests_send


class Command(BaseCommand):
    help = "Email every buyer whose saved searches are due (daily or weekly). Safe to run often."

    def handle(self, *args, **options):
        report = digests_send()
        self.stdout.write(f"Checked {report.searches} saved searches of {report.users} buyers; "
                          f"sent {report.emails} emails.")
        if report.failed:
            # A non-zero exit makes cron report it; the failed digests are retried on the next run.
            raise CommandError(f"Could not email {len(report.failed)} buyers; they will be retried next run.")
