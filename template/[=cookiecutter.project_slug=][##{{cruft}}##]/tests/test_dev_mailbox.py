"""The development mailbox's page (mailbox.py): every message listed, each shown with its
links clickable and everything it says shown as text, kept across a restart."""

from __future__ import annotations

import re
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage

import pytest

from tests.mailbox import dev_mailbox
from tests.servers import manage_py_dev, wait_for_line

HOSTILE = "<script>alert('mail')</script>"


def send(port: int, subject: str, body: str, html: str | None = None) -> None:
    message = EmailMessage()
    message["From"], message["To"] = "site@example.com", "ada@example.com"
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (our http URL)
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def message_link(page_html: str) -> str:
    (link,) = re.findall(r'href="(/messages/[^"]+)"', page_html)
    return link


def test_a_message_is_listed_and_shown_with_its_link_clickable(tmp_path):
    with dev_mailbox(tmp_path) as (catcher, page):
        body = "Open https://example.com/confirm/k3y?a=1&b=2 now."
        send(catcher.port, "Confirm your address", body)
        catcher.wait_for(to="ada@example.com")
        status, _, listing = get(page.url)
        assert status == 200 and "Confirm your address" in listing and "ada@example.com" in listing
        status, headers, shown = get(page.url.rstrip("/") + message_link(listing))
    assert status == 200
    assert '<a href="https://example.com/confirm/k3y?a=1&amp;b=2"' in shown
    assert "<dt>From</dt><dd>site@example.com</dd>" in shown
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_hostile_subject_and_body_are_shown_as_text(tmp_path):
    with dev_mailbox(tmp_path) as (catcher, page):
        send(catcher.port, HOSTILE, f'{HOSTILE} <a href="javascript:alert(1)">x</a>')
        catcher.wait_for()
        _, _, listing = get(page.url)
        _, _, shown = get(page.url.rstrip("/") + message_link(listing))
    for html_text in (listing, shown):
        assert "<script>" not in html_text
        assert "&lt;script&gt;alert(&#x27;mail&#x27;)&lt;/script&gt;" in html_text
    assert 'href="javascript:' not in shown


def test_the_html_part_is_served_sandboxed_and_loading_nothing_from_elsewhere(tmp_path):
    with dev_mailbox(tmp_path) as (catcher, page):
        send(catcher.port, "Styled", "Plain text", html=f"<p>Styled</p>{HOSTILE}")
        catcher.wait_for()
        _, _, listing = get(page.url)
        _, _, shown = get(page.url.rstrip("/") + message_link(listing))
        (frame,) = re.findall(r'<iframe sandbox src="([^"]+)"', shown)
        status, headers, html_part = get(page.url.rstrip("/") + frame)
    assert status == 200 and HOSTILE in html_part  # as sent, but...
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy  # ...inert


@pytest.mark.parametrize(
    "path", ["/messages/nope", "/messages/../../etc/passwd", "/messages/%2e%2e/x", "/x"]
)
def test_an_unknown_or_crafted_path_is_a_404(tmp_path, path):
    with dev_mailbox(tmp_path) as (_, page):
        status, _, body = get(page.url.rstrip("/") + path)
    assert status == 404 and "No such message" in body


def test_messages_are_kept_across_a_restart(tmp_path):
    with dev_mailbox(tmp_path) as (catcher, _):
        send(catcher.port, "Before the restart", "Body")
        catcher.wait_for()
    with dev_mailbox(tmp_path) as (catcher, page):
        assert [message["Subject"] for message in catcher.messages()] == ["Before the restart"]
        assert "Before the restart" in get(page.url)[2]
    assert len(list(tmp_path.glob("*.eml"))) == 1


def test_manage_py_dev_starts_the_mailbox_and_prints_its_page(tmp_path):
    """Without EMAIL_URL: the catcher keeps mail in STANDIN_DATA_DIR/mailbox/, its page's
    address printed beside the site's."""
    with manage_py_dev(tmp_path, without=("EMAIL_URL",)) as (dev, log):
        printed = wait_for_line(
            log, r"Mail the site sends: (http://\S+) \(SMTP on 127\.0\.0\.1:(\d+)", dev
        )
        send(int(printed[2]), "Through manage.py dev", "Body")
        assert "Through manage.py dev" in get(printed[1])[2]
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1
