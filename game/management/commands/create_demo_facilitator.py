"""``manage.py create_demo_facilitator``: a known login for trying Mufakat on a laptop."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from game.accounts import FACILITATORS_GROUP

DEMO_USERNAME = "guru"
DEMO_PASSWORD = "mufakat-demo"  # printed on purpose: a demo account


class Command(BaseCommand):
    help = (
        f"Create (or repair) the demo facilitator {DEMO_USERNAME} / {DEMO_PASSWORD}, "
        f"staff and in the '{FACILITATORS_GROUP}' group."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="create the account even when DEBUG is false (its password is public)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "refusing to create an account with a published password while DEBUG is "
                "false; pass --allow-production if you really mean it"
            )
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
            # Repair rather than skip, so the printed credentials are always the working ones.
            user.is_staff = True
            user.is_active = True
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
            user.save()
            group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
            user.groups.add(group)
        verb = "created" if created else "ready"
        self.stdout.write(
            f"Demo facilitator {verb}: username {DEMO_USERNAME}  password {DEMO_PASSWORD}"
        )
