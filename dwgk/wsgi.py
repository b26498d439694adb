import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
application = get_wsgi_application()

# Served with gunicorn --preload: loaded once before the workers fork, shared by all of them.
from search.text import warm_up  # noqa: E402

warm_up()
