"""The development mailbox: an SMTP server that keeps every message, and a page to read them.

`manage.py dev` starts both unless EMAIL_URL names a real server, and points the site at
the SMTP side (EMAIL_URL=smtp://127.0.0.1:<port>). Each message is one `.eml` file in a
folder (var/mailbox/ under `manage.py dev`), so a restart keeps them and any mail program
opens them. The tests receive mail with the same MailCatcher (tests/mailbox.py).

The page shows a message's text part, escaped, with its web addresses made links (a
sign-up confirmation is clicked there). Its HTML part, if any, is shown only inside a
sandboxed frame with no scripts and nothing loaded from elsewhere: a message is text
from anybody, and the page must not run or fetch what it says.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
import threading
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.utils.html import urlize

from [= cookiecutter.project_slug =].services.ports import free_port

if TYPE_CHECKING:
    from contextlib import ExitStack

MAILBOX_FOLDER = "mailbox"  # in STANDIN_DATA_DIR
# A message's file name: its arrival time (so names sort in arrival order) and a random part.
MESSAGE_NAME = re.compile(r"[0-9]{20}-[0-9a-f]{32}")


def read_message(path: Path) -> EmailMessage:
    """The message in `path`, parsed with the modern API (headers decoded, get_body())."""
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def recipients(message: EmailMessage) -> list[str]:
    """Every address the message went to: the SMTP envelope's (Bcc included) and To/Cc."""
    addresses = message.get("X-RcptTo", "").split(",")
    for field in ("To", "Cc"):
        addresses += [address.addr_spec for address in getattr(message[field], "addresses", ())]
    return [address.strip().lower() for address in addresses if address.strip()]


class MailCatcher:
    """An aiosmtpd SMTP server on 127.0.0.1 that saves each message in `folder`.

    aiosmtpd's Controller runs the server's event loop in a thread of its own.
    """

    def __init__(self, folder: Path, port: int | None = None) -> None:
        from aiosmtpd.controller import Controller  # a development dependency

        self.folder = folder
        self.port = port or free_port()
        self._arrived = threading.Condition()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def email_url(self) -> str:
        """The EMAIL_URL that sends the site's mail here."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> MailCatcher:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    async def handle_DATA(self, server, session, envelope) -> str:
        """aiosmtpd's hook for each message: saved with its envelope as X-MailFrom and
        X-RcptTo headers (the names aiosmtpd's own Message handler uses), the rest as sent
        but with the local line ends, as Python's `mailbox` module keeps messages."""
        envelope_headers = (
            f"X-MailFrom: {envelope.mail_from}\nX-RcptTo: {', '.join(envelope.rcpt_tos)}\n"
        )
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex}"
        partial = self.folder / f"{name}.partial"
        content = envelope.original_content.replace(b"\r\n", b"\n")
        partial.write_bytes(envelope_headers.encode() + content)
        partial.replace(self.folder / f"{name}.eml")  # whole, or not there at all
        with self._arrived:
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def message_paths(self) -> list[Path]:
        """The saved messages' files, oldest first."""
        return sorted(self.folder.glob("*.eml"))

    def messages(self) -> list[EmailMessage]:
        """Every message received, oldest first."""
        return [read_message(path) for path in self.message_paths()]

    def clear(self) -> None:
        """Delete every message received so far."""
        for path in self.message_paths():
            path.unlink(missing_ok=True)

    def wait_for(
        self, to: str | None = None, timeout: float = 10.0, subject: str | None = None
    ) -> EmailMessage:
        """The first message sent to `to` whose subject contains `subject` (None: any),
        waiting up to `timeout` seconds for it."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = self.messages()
                for message in found:
                    if (to is None or to.lower() in recipients(message)) and (
                        subject is None or subject in (message["Subject"] or "")
                    ):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no message to {to!r} (subject {subject!r}) within {timeout} s; received: "
                        f"{[(m['To'], m['Subject']) for m in found]}"
                    )
                self._arrived.wait(remaining)


# --- The page ---

PAGE_POLICY = (  # the list and message pages: their own inline style, frames from here only
    "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# A message's HTML part: a sandbox (no scripts, an origin of its own) that loads nothing
# from elsewhere, so no tracking image reports that it was read.
HTML_PART_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
html { background: Canvas; color: CanvasText; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
a { color: LinkText; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem; border-bottom: 1px solid GrayText; vertical-align: top; }
td, dd, pre { overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: bold; } dd { margin: 0; }
pre { white-space: pre-wrap; font: inherit; border: 1px solid GrayText; padding: .8rem; }
iframe { width: 100%; height: 30rem; border: 1px solid GrayText; background: white; }
@media (max-width: 40rem) { thead { display: none; } tr, td { display: block; } }
"""
SHOWN_HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def list_page(catcher_folder: Path) -> str:
    rows = []
    for path in sorted(catcher_folder.glob("*.eml"), reverse=True):  # newest first
        message = read_message(path)
        subject = html.escape(message["Subject"] or "(no subject)")
        link = f'<a href="/messages/{path.stem}">{subject}</a>'
        cells = (html.escape(message["To"] or ""), html.escape(message["Date"] or ""))
        rows.append(f"<tr><td>{link}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>")
    table = (
        "<table><thead><tr><th>Subject</th><th>To</th><th>Date</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No mail yet. What the site sends appears here.</p>"
    )
    return _page("Mailbox", f"<h1>Mailbox</h1><p>{len(rows)} message(s), newest first.</p>{table}")


def message_page(path: Path) -> str:
    message = read_message(path)
    headers = "".join(
        f"<dt>{name}</dt><dd>{html.escape(str(message[name]))}</dd>"
        for name in SHOWN_HEADERS
        if message[name] is not None
    )
    text = message.get_body(preferencelist=("plain",))
    # urlize escapes the text, then makes its addresses links (django.utils.html).
    shown = f"<pre>{urlize(text.get_content(), autoescape=True)}</pre>" if text else ""
    if message.get_body(preferencelist=("html",)) is not None:
        shown += (
            "<h2>HTML part</h2><p>Sandboxed: no scripts, nothing loaded from elsewhere.</p>"
            f'<iframe sandbox src="/messages/{path.stem}/html" title="HTML part"></iframe>'
        )
    if not shown:
        shown = "<p>This message has no text or HTML part.</p>"
    subject = message["Subject"] or "(no subject)"
    return _page(
        subject,
        f'<p><a href="/">All messages</a></p><h1>{html.escape(subject)}</h1>'
        f"<dl>{headers}</dl>{shown}",
    )


class MailboxPage:
    """The mailbox's web page on 127.0.0.1: a list of the messages in `folder`, and each one."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self._server: WSGIServer = make_server(
            "127.0.0.1", self.port, self.app, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> MailboxPage:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def app(self, environ, start_response):
        """The WSGI application: `/`, `/messages/<name>` and `/messages/<name>/html`."""
        path = environ.get("PATH_INFO", "/")
        parts = path.strip("/").split("/")
        status, policy, content_type, body = "404 Not Found", PAGE_POLICY, "text/html", None
        if path == "/":
            body = list_page(self.folder)
        elif len(parts) in (2, 3) and parts[0] == "messages" and MESSAGE_NAME.fullmatch(parts[1]):
            message_path = self.folder / f"{parts[1]}.eml"
            if message_path.exists() and len(parts) == 2:
                body = message_page(message_path)
            elif message_path.exists() and parts[2:] == ["html"]:
                part = read_message(message_path).get_body(preferencelist=("html",))
                body = part.get_content() if part is not None else ""
                policy = HTML_PART_POLICY
        if body is None:
            body = _page("Not found", '<h1>No such message</h1><p><a href="/">All messages</a></p>')
        else:
            status = "200 OK"
        start_response(
            status,
            [
                ("Content-Type", f"{content_type}; charset=utf-8"),
                ("Content-Security-Policy", policy),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"),  # a link clicked does not leak the page
                ("Cache-Control", "no-store"),
            ],
        )
        return [body.encode()]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:
        """No line per request on the terminal `manage.py dev` writes to."""


def start_for_dev(stack: ExitStack, folder: Path) -> tuple[dict[str, str], str]:
    """For `manage.py dev`: the catcher and its page on `folder`, stopped with `stack`.

    Returns the environment that sends the site's mail there, and a line that says where.
    """
    catcher = MailCatcher(folder).start()
    stack.callback(catcher.stop)
    page = MailboxPage(folder).start()
    stack.callback(page.stop)
    where = f"{page.url} (SMTP on 127.0.0.1:{catcher.port}, kept in {folder})"
    return {"EMAIL_URL": catcher.email_url}, where
