import secrets

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.core.management.base import BaseCommand, CommandError

from contactpolicy.tasks import health_check


class Command(BaseCommand):
    help = "Send a task through the broker and wait for a Celery worker to answer it."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30, help="seconds to wait")

    def handle(self, *args, timeout: float, **options):
        token = secrets.token_hex(8)
        try:
            result = health_check.apply_async(args=[token])
            answer = result.get(timeout=timeout)
        except CeleryTimeoutError as error:
            raise CommandError(f"No worker answered within {timeout:g} seconds.") from error
        except OSError as error:
            raise CommandError(f"The broker could not be reached: {error}") from error
        if answer != token:
            raise CommandError("A worker answered with the wrong token.")
        self.stdout.write(self.style.SUCCESS("A Celery worker answered through the broker."))
