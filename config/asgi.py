"""ASGI entry point (what `make serve` runs): the ingest lane for device ratings in front of Django.

Django itself is served through its WSGI handler, run by asgiref's WsgiToAsgi in one thread per
process: its database connections then persist between requests as under a WSGI server.
(Django's own ASGI handler runs each request's sync code in a new thread, so every request
opened a new database connection: +25 ms per page on PostgreSQL, measured.)
"""

import os

from asgiref.wsgi import WsgiToAsgi
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = WsgiToAsgi(get_wsgi_application())

from gaoxin.evaluations.lane import IngestLane  # noqa: E402 (after Django is set up)

application = IngestLane(django_application)
