"""Run the test provider: `python -m tests.oidc_provider.serve PORT REDIRECT_URI`.

Builds a fresh SQLite database (PROVIDER_DB), with a new RSA signing key, one client
registered for REDIRECT_URI and the people in `PEOPLE`, prints READY, then serves HTTP on
127.0.0.1:PORT until it is stopped.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "contact-policy"
CLIENT_SECRET = "test-client-secret"
PASSWORD = "provider-password"
# (username, email, asserts a second factor). "unverified…" is given email_verified false.
PEOPLE = [
    ("invited", "invited@example.gov.uk", False),
    ("invited-mfa", "invited-mfa@example.gov.uk", True),
    ("stranger", "stranger@example.org", False),
    ("unverified", "unverified@example.gov.uk", False),
]


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def build(redirect_uri: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.apps import apps
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from oidc_provider.models import Client, ResponseType, RSAKey

    # The tables straight from the models: running the migrations takes seconds.
    with connection.schema_editor() as editor:
        for model in apps.get_models():
            editor.create_model(model)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode("ascii")
    RSAKey.objects.create(key=pem)
    client = Client.objects.create(
        name="Contact policy case management",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
        _redirect_uris=redirect_uri,
        _scope="openid email profile",
    )
    client.response_types.add(ResponseType.objects.create(value="code", description="code"))
    second_factor = Group.objects.create(name="second-factor")
    for username, email, asserts_second_factor in PEOPLE:
        user = User.objects.create_user(username, email=email, password=PASSWORD)
        if asserts_second_factor:
            user.groups.add(second_factor)


def main() -> None:
    port, redirect_uri = int(sys.argv[1]), sys.argv[2]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    import django

    django.setup()
    build(redirect_uri)
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1",
        port,
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
