"""ASGI entry point: HTTP now, websockets (Channels) as apps add consumers."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
application = get_asgi_application()
