"""Start the test OIDC provider: python -m e2e.oidc_provider.run PORT REDIRECT_URI PEOPLE_JSON

PEOPLE_JSON: [[citizen_id, name, password], ...]. The client is "sotay" / "sotay-secret"."""

import json
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "e2e.oidc_provider.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import WSGIServer, run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

CLIENT_ID, CLIENT_SECRET = "sotay", "sotay-secret"


def main() -> None:
    port, redirect_uri, people = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    call_command("migrate", verbosity=0)
    for citizen, name, password in people:
        User.objects.create_user(citizen, password=password, first_name=name)
    Application.objects.create(
        name="Sổ tay đảng viên",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
