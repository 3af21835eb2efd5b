"""Real servers on loopback for the messaging tests: an SMTP server (aiosmtpd)
that keeps every message it accepts, and an HTTP server that plays the SMS
webhook (answering with a chosen status, optionally after a delay)."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nobody listens on (at the time of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Received:
    """One message as the SMTP server got it."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """The decoded body with \n line ends (SMTP carries \r\n)."""
        return self.message.get_content().replace("\r\n", "\n")


class _Collector:
    def __init__(self) -> None:
        self.received: list[Received] = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), parsed)
        )
        return "250 Message accepted"


class SmtpSink:
    """An SMTP server on 127.0.0.1:<free port>; `received` lists what it got."""

    def __init__(self) -> None:
        self.port = free_port()
        self._collector = _Collector()
        self._controller = Controller(
            self._collector, hostname="127.0.0.1", port=self.port
        )

    @property
    def received(self) -> list[Received]:
        return self._collector.received

    def wait_for(self, count: int, seconds: float = 10) -> list[Received]:
        """The received messages once there are `count` (the browser sends
        asynchronously to the test)."""
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._controller.stop()


@dataclass
class WebhookRequest:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class _WebhookState:
    status: int = 200
    delay: float = 0.0
    requests: list[WebhookRequest] = field(default_factory=list)


class _WebhookHandler(BaseHTTPRequestHandler):
    server: _WebhookServer

    def do_POST(self) -> None:  # noqa: N802 (http.server)
        length = int(self.headers.get("Content-Length") or 0)
        state = self.server.state
        state.requests.append(
            WebhookRequest(self.path, dict(self.headers), self.rfile.read(length))
        )
        time.sleep(state.delay)
        try:
            self.send_response(state.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, *_args) -> None:
        pass


class _WebhookServer(ThreadingHTTPServer):
    state: _WebhookState


class WebhookSink:
    """An HTTP server on 127.0.0.1:<free port> that records POSTs and answers
    `status` after `delay` seconds."""

    def __init__(self) -> None:
        self._server = _WebhookServer(("127.0.0.1", 0), _WebhookHandler)
        self._server.state = _WebhookState()
        self._thread = threading.Thread(target=self._server.serve_forever)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/sms"

    @property
    def state(self) -> _WebhookState:
        return self._server.state

    def __enter__(self) -> WebhookSink:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
