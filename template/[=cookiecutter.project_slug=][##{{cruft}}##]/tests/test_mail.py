"""Mail the site sends reaches a real SMTP server (tests/mailbox.py) as Django promises.

Django's email documentation (https://docs.djangoproject.com/en/5.2/topics/email/):
send_mail() and EmailMessage send through EMAIL_BACKEND, the SMTP one by default, with
From, To, Cc and Reply-To as given and any other headers in `headers`; Bcc reaches its
recipients without appearing in the message. A failure raises (fail_silently=False):
smtplib.SMTPException, or OSError when the server cannot be reached.
"""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail import EmailMessage, send_mail

from tests.servers import manage, single_server_env
from tests.test_settings import run_python

SEND = """
import django; django.setup()
from django.core.mail import EmailMessage
EmailMessage(
    subject="Réunion: <script>alert(1)</script>",
    body="Confirm at https://example.com/confirm/abc?x=1&y=2\\n",
    from_email="Site <noreply@example.com>",
    to=["Ada Lovelace <ada@example.com>"],
    cc=["grace@example.com"],
    bcc=["hidden@example.com"],
    reply_to=["help@example.com"],
    headers={"X-Request-Id": "r-42"},
).send()
"""


def test_mail_sent_under_email_url_arrives_in_the_smtp_server_with_its_headers(mailbox):
    """A fresh process whose only mail setting is EMAIL_URL, as a deployment has it."""
    result = run_python(SEND, DJANGO_ENV="test", DEBUG="true", EMAIL_URL=mailbox.email_url)
    assert result.returncode == 0, result.stderr
    message = mailbox.wait_for(to="ada@example.com")
    assert message["Subject"] == "Réunion: <script>alert(1)</script>"  # RFC 2047, decoded
    assert message["From"] == "Site <noreply@example.com>"
    assert message["To"] == "Ada Lovelace <ada@example.com>"
    assert message["Cc"] == "grace@example.com"
    assert message["Reply-To"] == "help@example.com"
    assert message["X-Request-Id"] == "r-42"
    assert message["Message-ID"] and message["Date"]
    assert message["Bcc"] is None  # not in the message...
    assert mailbox.wait_for(to="hidden@example.com") is not None  # ...but delivered to it
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body == "Confirm at https://example.com/confirm/abc?x=1&y=2\n"


def test_the_mailbox_fixture_receives_this_process_mail(mailbox):
    send_mail("Hello", "Body", "noreply@example.com", ["ada@example.com"])
    (message,) = mailbox.messages()
    assert (message["Subject"], message["To"]) == ("Hello", "ada@example.com")


def test_wait_for_says_what_arrived_when_the_awaited_message_did_not(mailbox):
    send_mail("Hello", "Body", "noreply@example.com", ["ada@example.com"])
    with pytest.raises(AssertionError, match=r"no message to 'grace@example.com' .*Hello"):
        mailbox.wait_for(to="grace@example.com", timeout=0.2)


def test_wait_for_picks_by_subject_and_clear_forgets_what_came(mailbox):
    send_mail("Confirm your address", "1", "noreply@example.com", ["ada@example.com"])
    send_mail("Reset your password", "2", "noreply@example.com", ["ada@example.com"])
    assert mailbox.wait_for(to="ada@example.com", subject="Reset").get_content() == "2\n"
    mailbox.clear()
    assert mailbox.messages() == []


def test_without_the_mailbox_tests_keep_mail_in_memory(mailoutbox):
    """pytest-django, like Django's test runner, uses the locmem backend (mail.outbox)."""
    send_mail("Hello", "Body", "noreply@example.com", ["ada@example.com"])
    assert [message.subject for message in mailoutbox] == ["Hello"]


def test_a_mail_server_that_is_down_raises_an_oserror(settings):
    """What a view that sends must catch (docs/deployment.md, "Mail"): the visitor gets a
    message on the page, not a server error."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with pytest.raises(OSError):
        EmailMessage("Hello", "Body", "noreply@example.com", ["ada@example.com"]).send()


def test_a_stalled_mail_server_fails_after_email_timeout(settings, silent_server):
    """A server that accepts and never answers: EMAIL_TIMEOUT ends the wait."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", int(silent_server.rsplit(":", 1)[1])
    settings.EMAIL_TIMEOUT = 0.5
    with pytest.raises((TimeoutError, smtplib.SMTPException)):
        EmailMessage("Hello", "Body", "noreply@example.com", ["ada@example.com"]).send()


def test_sendtestemail_under_production_settings_reaches_the_server(mailbox, tmp_path):
    """What docs/deployment.md tells a deployer to run once: Django's own command, from
    DEFAULT_FROM_EMAIL, through the server EMAIL_URL names."""
    env = single_server_env(
        tmp_path,
        DJANGO_ENV="production",
[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' %]        REDIS_URL="redis://127.0.0.1:9/0",  # required, not used by this command
[% endif %]        EMAIL_URL=mailbox.email_url,
        DEFAULT_FROM_EMAIL="Example <noreply@example.com>",
    )
    manage(env, "sendtestemail", "ops@example.com")
    message = mailbox.wait_for(to="ops@example.com")
    assert message["From"] == "Example <noreply@example.com>"
    assert message["Subject"].startswith("Test email from")
