import pytest
from django.test import Client

from contactpolicy.roles import Role
from tests.database import migrated_sqlite_file, record_every_migration_applied
from tests.factories import UserFactory

# The test identity provider's fixtures (`identity_provider`, `signed_up_to_provider`):
# started only by the tests that ask for them.
pytest_plugins = ["tests.oidc_provider.running"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, built from the models (settings: TEST MIGRATE off) and then
    recorded as migrated, so it stands where `migrate` from zero leaves a database."""
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            record_every_migration_applied(connection)
    yield


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory, worker_id):
    """A SQLite database that `manage.py migrate` took from zero to the latest migrations,
    made once for the whole run: copy it, never write to it."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent
    return migrated_sqlite_file(root / "shared")


class SignedInClient(Client):
    """A test client whose `force_login` signs in all the way, second factor included.

    The person gets a confirmed authenticator app if they have none, and the session is
    marked verified by it as `django_otp.login` does, so every test goes through the
    second-factor middleware as a fully signed-in person would. Tests of the second
    factor itself use a plain `django.test.Client`.
    """

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    return SignedInClient()


@pytest.fixture
def caseworker(db):
    return UserFactory(username="casey", roles=[Role.CASEWORKER])


@pytest.fixture
def line_manager(db):
    return UserFactory(username="lena", roles=[Role.LINE_MANAGER])


@pytest.fixture
def head_of_service(db):
    return UserFactory(username="hector", roles=[Role.HEAD_OF_SERVICE])


@pytest.fixture
def chief_executive(db):
    return UserFactory(username="chloe", roles=[Role.CHIEF_EXECUTIVE])


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def outsider(db):
    """Signed in, but holding no role."""
    return UserFactory(username="olly")


PROFILE_SLUGS = ["btpa", "opcc", "ipcc", "tamworth", "natural-england"]


@pytest.fixture
def activate_profile(db):
    """Load one of the shipped profiles, as an operator would, complete its letterhead
    where the policy gives none (as `setup_demo` does: no letter is issued without one),
    and make it the active one. Tests of the letterhead itself clear what they need."""
    from tests.profiles import activate_shipped_profile

    return activate_shipped_profile


@pytest.fixture
def btpa_active(activate_profile):
    return activate_profile("btpa")


# Nothing listens on the discard port: connecting is refused at once, as when Redis is stopped.
UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"


@pytest.fixture
def broker_down():
    """Tasks go to a real broker address where nothing answers, instead of running in-process."""
    from celery import current_app

    from contactpolicy import dispatch

    saved = {
        name: current_app.conf[name]
        for name in ("task_always_eager", "broker_url", "broker_write_url")
    }
    current_app.conf.update(
        task_always_eager=False, broker_url=UNREACHABLE_BROKER, broker_write_url=None
    )
    dispatch._outage.clear()
    yield UNREACHABLE_BROKER
    current_app.conf.update(saved)
    dispatch._outage.clear()
