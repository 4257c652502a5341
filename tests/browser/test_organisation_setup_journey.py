"""A new organisation sets itself up in the browser, from an empty database, without a shell.

No profile is loaded and there is no demo data. The superuser who installed the service signs
in and is sent to the first run: they copy the shipped Tamworth profile as Lichfield District
Council (its own name and short identifier), which becomes the active profile, and invite the
first administrator. She sets her own password from the emailed link, fills in the
letterhead with a logo, closes the office over Christmas as one range of days, reads and
changes the profile's sections (each checked with axe), adds a member of staff in the admin
site as administrators do, and previews a letter from the letters gallery.
"""

import io
import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from contactpolicy.models import ClosureDay, PolicyProfile, User
from contactpolicy.profile_sections import EDITED_HERE
from contactpolicy.roles import Role
from tests.browser.conftest import authenticator_app, authenticator_code
from tests.browser.test_account_journey import code_from_key, password_step
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/password/set/\S+/")
HER_PASSWORD = "Heron lantern quarry 7730"


def png_logo(path) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), (0, 94, 165)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_superuser_sets_up_a_new_organisation_and_its_administrator_takes_it_on(
    sign_in, page, browser, live_server, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Links in emails start with SITE_URL: here the address the test server answers on.
    settings.SITE_URL = live_server.url
    assert not PolicyProfile.objects.exists()
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)

    # The superuser has no role: the dashboard sends them to the first run.
    sign_in(root)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your organisation")
    assert_accessible(page)
    page.get_by_role("button", name="Set up the organisation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the shipped profile to start from"
    )
    assert_accessible(page)
    page.get_by_label("Tamworth Borough Council").check()
    page.get_by_label("Organisation's full name").fill("Lichfield District Council")
    page.get_by_label("Short name").fill("Lichfield")
    page.get_by_label("Short identifier").fill("lichfield")
    page.get_by_role("button", name="Set up the organisation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Lichfield District Council set up and made active"
    )
    assert PolicyProfile.objects.get(is_active=True).slug == "lichfield"

    # The first administrator is invited: no password, a link by email.
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email address").fill("ada@lichfield.example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("heading", name="Set-up is done")).to_be_visible()
    assert_accessible(page)
    ada = User.objects.get(username="ada")
    assert ada.has_role(Role.ADMINISTRATOR) and not ada.has_usable_password()

    # She sets her own password from the emailed link, and her authenticator app.
    page.context.clear_cookies()
    [link] = LINK.findall(mail.outbox[-1].body)
    assert mail.outbox[-1].to == ["ada@lichfield.example.org"]
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(HER_PASSWORD)
    page.get_by_label("Confirm your new password").fill(HER_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password has been set")).to_be_visible()
    password_step(page, live_server, "ada", HER_PASSWORD)
    if page.get_by_role("heading", name="Set up an authenticator app").count():
        key = page.locator("#secret-key").inner_text()
        page.get_by_label("Enter the 6-digit code the app shows").fill(code_from_key(key))
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("link", name="I have saved my recovery codes").click()

    # The policy profile: every section on one contents page, each with a page of its own.
    page.get_by_role("link", name="Policy profile").click()
    page.get_by_role("link", name="Lichfield District Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lichfield District Council")
    assert_accessible(page)
    for section in EDITED_HERE:
        page.goto(f"{live_server.url}/organisation/profiles/lichfield/{section.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(section.title)
        assert_accessible(page)

    # A change without its reason is refused at the top of the page; the link finds the field.
    page.goto(f"{live_server.url}/organisation/profiles/lichfield/reminders/")
    page.get_by_label("Reminder warning days").fill("5")
    page.get_by_role("button", name="Save reminders").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why you are making this change")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Why are you making this change?")).to_be_focused()
    page.get_by_label("Why are you making this change?").fill("Staff asked for more notice")
    page.get_by_role("button", name="Save reminders").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Reminders saved")
    latest = PolicyProfile.objects.get(slug="lichfield").history.first()
    assert latest.history_change_reason == "Staff asked for more notice"
    assert latest.history_user == ada

    # The letterhead, with the council's logo shown back to her.
    page.goto(f"{live_server.url}/letterhead/")
    page.get_by_label("Postal address").fill(
        "District Council House\nFrog Lane\nLichfield\nWS13 6YU"
    )
    page.get_by_label("Phone number").fill("01543 308000")
    page.get_by_label("Email address").fill("enquiries@lichfielddc.example.org")
    page.get_by_label("Web address").fill("https://www.lichfielddc.example.org")
    page.get_by_label("Logo (optional)").set_input_files(png_logo(tmp_path / "logo.png"))
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("logo"))).to_be_visible()
    assert_accessible(page)

    # Christmas as one range: the weekend and bank holidays in it are pointed out first.
    year = date.today().year + 1
    page.goto(f"{live_server.url}/organisation/closure-days/")
    for prefix, day in (("first_day", 24), ("last_day", 31)):
        page.locator(f"#id_{prefix}_0").fill(str(day))
        page.locator(f"#id_{prefix}_1").fill("12")
        page.locator(f"#id_{prefix}_2").fill(str(year))
    page.get_by_label("Reason").fill("Christmas closure")
    page.get_by_role("button", name="Add closure days").click()
    expect(page.locator("main")).to_contain_text("is a bank holiday (Christmas Day")
    assert_accessible(page)
    page.get_by_role("button", name="Add them anyway").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "8 closure days added"
    )
    assert ClosureDay.objects.filter(date__year=year).count() == 8
    assert_accessible(page)

    # She adds a member of staff in the admin site (which axe does not pass: its own context).
    authenticator_app(ada)
    admin = browser.new_context(base_url=live_server.url).new_page()
    admin.goto("/sign-in/")
    admin.get_by_label("Username").fill("ada")
    admin.get_by_label("Password").fill(HER_PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.get_by_label("Code", exact=True).fill(authenticator_code(ada))
    admin.get_by_role("button", name="Continue").click()
    admin.goto("/admin/contactpolicy/user/add/")
    admin.locator("#id_username").fill("casey")
    admin.locator("#id_first_name").fill("Casey")
    admin.locator("#id_last_name").fill("Jones")
    admin.locator("#id_email").fill("casey@lichfield.example.org")
    admin.get_by_label("Caseworker").check()
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("casey@lichfield.example.org")
    admin.context.close()
    assert User.objects.get(username="casey").has_role(Role.CASEWORKER)
    assert mail.outbox[-1].to == ["casey@lichfield.example.org"]

    # A letter previewed from the gallery, on the new council's letterhead.
    page.goto(f"{live_server.url}/notices/templates/gallery/")
    expect(page.get_by_role("heading", name="Letters gallery")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lichfield District Council")
    assert_accessible(page)
