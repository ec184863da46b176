"""ASGI entry point (what `make serve` runs): the ingest lane for device ratings in front of Django.

Django itself is served through its WSGI handler in one thread per process
(gaoxin/core/wsgibridge.py): its database connections persist between requests as under a
WSGI server.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
wsgi_application = get_wsgi_application()

from gaoxin.core.wsgibridge import WsgiInOneThread, warm_up  # noqa: E402 (after Django is set up)
from gaoxin.evaluations.lane import IngestLane  # noqa: E402

application = IngestLane(WsgiInOneThread(wsgi_application))
warm_up()
# Everything loaded at start-up (Django, the apps, the URLconf: ~130,000 objects) moves to the
# permanent generation: a full collection no longer walks it. Measured after this module's
# import: 38-49 ms per full collection before, under 0.1 ms after (docs/performance.md, where
# GC_FREEZE=0, which leaves them in, is measured side by side).
if os.environ.get("GC_FREEZE", "1") != "0":
    gc.freeze()
