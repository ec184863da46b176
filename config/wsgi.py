import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from gaoxin.core.wsgibridge import freeze_start_up_objects, warm_up  # noqa: E402 (after Django is set up)

warm_up()
freeze_start_up_objects()
