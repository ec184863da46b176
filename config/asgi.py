"""ASGI entry point (what `make serve` runs): the ingest lane for device ratings in front of Django."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from gaoxin.evaluations.lane import IngestLane  # noqa: E402 (after Django is set up)

application = IngestLane(django_application)
