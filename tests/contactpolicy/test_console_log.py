"""A refused request is one line on the console (who, which path, why); a 500 keeps its
traceback."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

from contactpolicy.logs import ClientErrorsOnOneLine, refusal_reason

pytestmark = pytest.mark.django_db


def console_lines(records) -> list[str]:
    """The records as the console handler prints them, through its own filter and format."""
    console = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsOnOneLine) for f in h.filters)
    )
    lines = []
    for record in records:
        if console.filter(record):
            lines.append(console.format(record))
    return lines


def test_forbidden_page_is_one_line_with_user_and_path(client, outsider, btpa_active, caplog):
    client.force_login(outsider)
    with caplog.at_level(logging.WARNING):
        response = client.get("/contacts/new/")
    assert response.status_code == 403
    (line,) = console_lines(r for r in caplog.records if r.name.startswith("django"))
    assert "403 olly GET /contacts/new/" in line
    assert "Traceback" not in line and "\n" not in line


def test_missing_page_and_bad_host_are_one_line(client, caseworker, btpa_active, caplog):
    client.force_login(caseworker)
    with caplog.at_level(logging.WARNING):
        assert client.get("/contacts/CON-NOPE/").status_code == 404
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    lines = console_lines(r for r in caplog.records if r.name.startswith("django"))
    assert any("404 casey GET /contacts/CON-NOPE/" in line for line in lines)
    assert any("400 anonymous GET /: Invalid HTTP_HOST header" in line for line in lines)
    assert all("Traceback" not in line and "\n" not in line for line in lines)


def test_a_conflict_gives_the_views_reason(caplog):
    request = RequestFactory().post("/contacts/new/")
    refusal_reason(request, "the same form is already being saved")
    with caplog.at_level(logging.WARNING):
        log_response(
            "Conflict: %s", request.path, response=HttpResponse(status=409), request=request
        )
    (line,) = console_lines(caplog.records)
    assert line.endswith("409 anonymous POST /contacts/new/: the same form is already being saved")


def test_server_errors_keep_their_traceback(caplog):
    request = RequestFactory().get("/")
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        with caplog.at_level(logging.ERROR):
            log_response(
                "Internal Server Error: %s",
                request.path,
                response=HttpResponse(status=500),
                request=request,
                exception=error,
            )
    (line,) = console_lines(caplog.records)
    assert "Traceback" in line and "RuntimeError: boom" in line


def test_admin_pages_name_the_favicon_and_it_is_served(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/").content.decode()
    assert 'rel="icon"' in page and "govuk/assets/images/favicon.ico" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_other_records_are_left_alone(caplog):
    request = RequestFactory().get("/")
    server = logging.getLogger("django.server")
    with caplog.at_level(logging.INFO):
        server.info('"GET / HTTP/1.1" 200 10', extra={"status_code": 200, "request": request})
        log_response(
            "Not Found: %s",
            "/x",
            response=HttpResponse(status=404),
            request=request,
            logger=logging.getLogger("django.other"),
        )
    lines = console_lines(caplog.records)
    assert lines[0].endswith('django.server: "GET / HTTP/1.1" 200 10')
    assert lines[1].endswith("Not Found: /x")
