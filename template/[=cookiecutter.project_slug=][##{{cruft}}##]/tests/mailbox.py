"""A real SMTP server for tests: the development mailbox's catcher, in a folder of its own.

Use the `mailbox` fixture (conftest.py), or `with Mailbox() as mailbox:`; point the site
at it with EMAIL_URL=mailbox.email_url, then `mailbox.wait_for(to="ada@example.com")`
returns the message that arrived as an email.message.EmailMessage.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from [= cookiecutter.project_slug =].mailbox import MailboxPage, MailCatcher


class Mailbox(MailCatcher):
    """aiosmtpd on 127.0.0.1 at a free port (`.port`, `.email_url`), in a thread; its
    messages (`.messages()`, `.wait_for(to=..., timeout=..., subject=...)`, `.clear()`) are
    deleted with it."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="mailbox-")
        super().__init__(Path(self._folder.name))

    def stop(self) -> None:
        super().stop()
        self._folder.cleanup()

    def __enter__(self) -> Mailbox:
        return self.start()

    def __exit__(self, *exception) -> None:
        self.stop()


@contextmanager
def dev_mailbox(folder: Path):
    """The development mailbox's catcher and page on `folder`, as `manage.py dev` starts
    them; yields (catcher, page)."""
    catcher, page = MailCatcher(folder).start(), MailboxPage(folder).start()
    try:
        yield catcher, page
    finally:
        page.stop()
        catcher.stop()
