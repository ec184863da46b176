"""ASGI entry point (what `make serve` runs): the ingest lane for device ratings in front of Django.

Django itself is served through its WSGI handler in one thread per process
(gaoxin/core/wsgibridge.py): its database connections persist between requests as under a
WSGI server.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
wsgi_application = get_wsgi_application()

from gaoxin.core.wsgibridge import WsgiInOneThread, freeze_start_up_objects, warm_up  # noqa: E402 (after Django is set up)
from gaoxin.evaluations.lane import IngestLane  # noqa: E402

application = IngestLane(WsgiInOneThread(wsgi_application))
warm_up()
freeze_start_up_objects()
