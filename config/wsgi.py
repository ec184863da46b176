import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from gaoxin.core.wsgibridge import warm_up  # noqa: E402 (after Django is set up)

warm_up()
if os.environ.get("GC_FREEZE", "1") != "0":
    gc.freeze()  # the start-up objects out of full collections, as in config/asgi.py
