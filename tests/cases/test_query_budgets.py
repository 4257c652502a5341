"""Each casework page runs a fixed number of SQL queries, however much data there is.

The budgets (queries are listed beside each test) are measured with a little data, then
the data is multiplied and the count must not move.
"""

import pytest

from cases.services import ContactDetails, contact_log, customer_create
from contactpolicy.roles import Role
from tests.cases.factories import london
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

# session, user, the user's groups (roles), the revision token of the active profile,
# which each process keeps with its rules and the closure days while the token stands,
# the header's count of unread notifications, and the device that verified the session's
# second factor: the fixed cost of a signed-in page that reads the rules.
PAGE_BASE = 6


@pytest.fixture
def team(btpa_active):
    manager = UserFactory(username="mia", roles=[Role.LINE_MANAGER])
    workers = [
        UserFactory(username=f"worker{i}", roles=[Role.CASEWORKER], line_manager=manager)
        for i in range(3)
    ]
    return manager, workers


def add_data(workers, customers: int, contacts_each: int):
    made = []
    for i in range(customers):
        customer = customer_create(
            created_by=workers[0],
            name=f"Customer Smith {len(made)}-{i}",
            identifiers=[
                ("email", f"smith{i}-{len(made)}@example.org", ""),
                ("phone", f"07700 9{i:05d}", ""),
                ("address", "1 High St", "SW1A 1AA"),
            ],
        )
        for j in range(contacts_each):
            contact_log(
                logged_by=workers[j % len(workers)],
                customer=customer,
                details=ContactDetails(
                    channel=["letter", "email", "telephone"][j % 3],
                    received_at=london(2026, 11, 2 + j % 18, 9, 0),
                    summary=f"Contact {j}",
                ),
            )
        made.append(customer)
    return made


def grows_not(client, url_for, workers, budget, exact=True, **headers):
    add_data(workers, customers=2, contacts_each=3)
    small = count_queries(client, url_for(), **headers)
    add_data(workers, customers=6, contacts_each=12)
    large = count_queries(client, url_for(), **headers)
    assert small == large, f"{small} queries with a little data, {large} with more"
    if exact:
        assert large == budget, f"{large} queries, budget {budget}"
    else:
        assert large <= budget, f"{large} queries, budget {budget}"


def test_dashboard_for_a_caseworker(client, team):
    # + my contacts: count and page
    _, workers = team
    client.force_login(workers[0])
    grows_not(client, lambda: "/", workers, PAGE_BASE + 2)


def test_dashboard_for_a_line_manager(client, team):
    # + the decisions waiting for me (none here), my proposals sent back or rejected, my
    # contacts (count, page), my team's contacts (count, page), and for whoever issues
    # notices the decisions waiting for theirs and the notices waiting to be posted
    manager, workers = team
    client.force_login(manager)
    grows_not(client, lambda: "/", workers, PAGE_BASE + 8)


def test_customer_page(client, team):
    # + the customer, its identifiers, its links both ways, the timeline's count, the page's
    # keys across every source, one query per kind of entry on the page (at most 3), and
    # the customer's cases with their officers, and the police reports due
    _, workers = team
    client.force_login(workers[0])
    first = add_data(workers, customers=1, contacts_each=2)[0]
    url = first.get_absolute_url()
    small = count_queries(client, url)
    for j in range(40):
        contact_log(
            logged_by=workers[0],
            customer=first,
            details=ContactDetails(
                channel="email",
                received_at=london(2026, 11, 3, 9, 0),
                summary=f"More {j}",
            ),
        )
    large = count_queries(client, url)
    deep = count_queries(client, url + "?page=2")
    assert small == large == deep
    assert large <= PAGE_BASE + 11


@pytest.mark.parametrize(
    "query",
    [
        "smith",
        "07700 900001",
        "+44 7700 9",
        "7700 900001",
        "smith1-",
        "Smith Customer",
        "SW1A",
        "CUS-2026-000001",
    ],
)
def test_lookup(client, team, query):
    # session, user, the second factor's device, groups, the matching identifiers (when the
    # text could be one), their customers, the customers matching by name, the identifiers
    # of those shown, whether each is under restriction (one query for the list:
    # customers_mark_restricted). The kinds of match tried depend on the text, so this is
    # a ceiling.
    _, workers = team
    client.force_login(workers[0])
    grows_not(client, lambda: f"/customers/?q={query}", workers, 9, exact=False, HX_Request="true")


def test_log_contact_form(client, team):
    _, workers = team
    client.force_login(workers[0])
    grows_not(client, lambda: "/contacts/new/", workers, PAGE_BASE)
