"""Network faults for integration tests, in front of a real server: lost replies, slow
replies, a stopped process, a server that never answers.

- `RespFaultProxy`: a TCP proxy that understands the Redis protocol (RESP) well enough to
  see where each command ends. It can drop the connection right after forwarding a
  chosen command (EXEC, EVALSHA: the server runs it, its reply is lost) and delay every
  reply.
- `paused(pid)`: SIGSTOP a server for the block (it accepts nothing, answers nothing, and
  runs what it had received once it continues).
- `silent_server()`: accepts connections and never reads or answers.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class LocalProxy:
    """A listener on 127.0.0.1 in front of a server at `upstream_port`: each accepted
    connection is handed to `_serve(client)` on a thread of its own."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=256)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        raise NotImplementedError


class RespFaultProxy(LocalProxy):
    """A proxy on 127.0.0.1 in front of a Redis server at `upstream_port`.

    Settings (change them at any time):
    - `drop_after`: command names (upper case) to watch, e.g. {"EXEC", "EVALSHA"};
    - `drop_every`: drop the connection after every Nth watched command (0: never);
    - `drop_next`: drop it after each of the next N watched commands;
    - `reply_delay`: seconds to hold each reply chunk before passing it on.
    Counters: `watched` (watched commands forwarded), `dropped` (connections dropped).
    """

    def __init__(self, upstream_port: int) -> None:
        self.drop_after: set[str] = set()
        self.drop_every = self.drop_next = 0
        self.reply_delay = 0.0
        self.watched = self.dropped = 0
        self._lock = threading.Lock()
        super().__init__(upstream_port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            client.close()
            return
        threading.Thread(target=self._replies, args=(upstream, client), daemon=True).start()
        self._commands(client, upstream)

    def _should_drop(self, name: str) -> bool:
        if name not in self.drop_after:
            return False
        with self._lock:
            self.watched += 1
            drop = bool(self.drop_every) and self.watched % self.drop_every == 0
            if self.drop_next > 0:
                self.drop_next, drop = self.drop_next - 1, True
            self.dropped += drop
        return drop

    def _commands(self, client: socket.socket, upstream: socket.socket) -> None:
        buffer = b""
        try:
            while chunk := client.recv(65536):
                buffer += chunk
                while (parsed := _split_command(buffer)) is not None:
                    command, name, buffer = parsed
                    upstream.sendall(command)
                    if self._should_drop(name):
                        # The server has the command and runs it; its reply is read and
                        # thrown away (by _replies) because the client is gone.
                        client.shutdown(socket.SHUT_RDWR)
                        client.close()
                        return
        except OSError:
            pass
        finally:
            _close_later(upstream)

    def _replies(self, upstream: socket.socket, client: socket.socket) -> None:
        try:
            while chunk := upstream.recv(65536):
                if self.reply_delay:
                    time.sleep(self.reply_delay)
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            client.close()


def _close_later(connection: socket.socket, after: float = 0.5) -> None:
    """Close once the server has surely read and run what was sent."""
    timer = threading.Timer(after, connection.close)
    timer.daemon = True
    timer.start()


def _split_command(buffer: bytes) -> tuple[bytes, str, bytes] | None:
    """(one whole command, its name in upper case, the rest), or None if incomplete.

    Clients send commands as RESP arrays of bulk strings: *<n>\\r\\n then n times
    $<length>\\r\\n<bytes>\\r\\n (https://redis.io/docs/latest/develop/reference/protocol-spec/).
    """
    if not buffer.startswith(b"*"):  # an inline command: one line
        end = buffer.find(b"\r\n")
        if end < 0:
            return None
        line = buffer[: end + 2]
        return line, line.split(b" ", 1)[0].strip().decode().upper(), buffer[end + 2 :]
    end = buffer.find(b"\r\n")
    if end < 0:
        return None
    count, position, name = int(buffer[1:end]), end + 2, ""
    for index in range(count):
        end = buffer.find(b"\r\n", position)
        if end < 0:
            return None
        length = int(buffer[position + 1 : end])
        start, position = end + 2, end + 2 + length + 2
        if len(buffer) < position:
            return None
        if index == 0:
            name = buffer[start : start + length].decode().upper()
    return buffer[:position], name, buffer[position:]


@contextmanager
def paused(pid: int) -> Iterator[None]:
    """The process stopped (SIGSTOP) for the block, continued (SIGCONT) after it."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


@contextmanager
def silent_server() -> Iterator[int]:
    """The port of a server that accepts connections and never answers.

    The kernel completes the TCP handshake for a listening socket's backlog; nothing
    ever reads the request or writes a byte back.
    """
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        yield listener.getsockname()[1]
