"""Who may reach the web app: a small ASGI guard in front of every Gradio route.

Without a login (``WSOA_AUTH`` unset) the app serves this machine only: a request
whose ``Host`` is not ``127.0.0.1``, ``localhost`` or ``[::1]`` (any port) is
refused, which stops DNS rebinding, and the app will not start on another
interface. With a login, every route refuses a request without a valid login
cookie, except the login page itself and the static files it needs to render.
Either way a request from a page of another origin (an ``Origin`` header that is
not this server) is refused, so another site cannot drive the app from a
visitor's browser, and a path with a ``..`` segment is refused outright.

Two bounds more: a request body over the upload limit is refused as it arrives
(by its declared length, or by counting when none is declared), so it is never
stored; and after a few failed sign-ins from one address each further attempt
must wait, doubling each time (:class:`LoginThrottle`), so passwords cannot be
guessed at speed.

The guard wraps the whole server, outside Gradio's own middleware, so its
refusals carry no CORS header and routes Gradio adds later are covered too.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: What the login page needs before anyone has signed in (exact paths).
LOGIN_PATHS = frozenset({"/", "/login", "/login/", "/favicon.ico", "/theme.css"})
#: Gradio writes its API description (endpoints, parameters) into every page, the login
#: page too; before sign-in it is blanked (the page then asks /gradio_api/info, refused).
API_INFO = re.compile(rb"window\.gradio_api_info = .*?;</script>", re.DOTALL)
#: Folders of Gradio's own built front end (package files only, never user data).
STATIC_PREFIXES = ("/assets/", "/static/", "/svelte/")


def host_name(host: str) -> str:
    """``"127.0.0.1:7860"`` -> ``"127.0.0.1"``; ``"[::1]:80"`` -> ``"::1"`` (lower case)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def is_local(host: str) -> bool:
    """Whether a listening address or ``Host`` header names this machine only."""
    return host_name(host) in LOCAL_HOSTS


def check_exposure(host: str, auth: str) -> None:
    """Refuse to listen beyond this machine without a login (raises ``ValueError``)."""
    if not auth and not is_local(host):
        raise ValueError(
            f"Refusing to serve on {host} without a login: anyone on the network could use "
            "the app. Set WSOA_AUTH=user:password, or serve on 127.0.0.1."
        )


def is_public(path: str) -> bool:
    """Paths served before sign-in: the login page and Gradio's packaged static files."""
    return path in LOGIN_PATHS or path.startswith(STATIC_PREFIXES)


def has_dot_segment(path: str) -> bool:
    """``..`` as a path segment, however it is encoded (``%2e%2e``, ``..%2f``, ``..\\``)."""
    decoded = path
    for _ in range(3):  # undo double encoding too
        decoded = unquote(decoded)
    return ".." in decoded.replace("\\", "/").replace("=", "/").split("/")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(header: str) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            cookies[name] = value
    return cookies


class LoginThrottle:
    """Failed sign-ins per client address; after ``free`` of them, each retry must wait.

    The wait doubles with every further failure (1 s, 2 s, 4 s ... up to ``max_wait``),
    counted from the last failure; a successful sign-in clears the address's record.
    """

    def __init__(
        self, free: int = 5, max_wait: float = 300.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.free = free
        self.max_wait = max_wait
        self.clock = clock
        self._failures: dict[str, tuple[int, float]] = {}  # address -> (count, last at)
        self._lock = threading.Lock()

    def wait_left(self, address: str) -> float:
        """Seconds before ``address`` may try again (0 = now)."""
        with self._lock:
            count, last = self._failures.get(address, (0, 0.0))
        if count < self.free:
            return 0.0
        wait = min(self.max_wait, 2.0 ** (count - self.free))
        return max(0.0, last + wait - self.clock())

    def failed(self, address: str) -> None:
        with self._lock:
            count, _ = self._failures.get(address, (0, 0.0))
            self._failures[address] = (count + 1, self.clock())
            if len(self._failures) > 10_000:  # bound memory under a spray of addresses
                oldest = min(self._failures, key=lambda a: self._failures[a][1])
                del self._failures[oldest]

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


class BodyTooLarge(Exception):
    """A request body passed the upload limit while it arrived."""


class Guard:
    """ASGI middleware: Host, Origin, ``..``, size and login checks before the app sees a request.

    ``signed_in(cookies)`` says whether a request's cookies carry a valid login;
    ``None`` means the app has no login (local use only). ``max_body_bytes`` bounds
    every request body (uploads); ``throttle`` slows repeated failed sign-ins.
    """

    def __init__(
        self,
        app: ASGIApp,
        signed_in: Callable[[dict[str, str]], bool] | None = None,
        max_body_bytes: int | None = None,
        throttle: LoginThrottle | None = None,
    ) -> None:
        self.app = app
        self.signed_in = signed_in
        self.max_body_bytes = max_body_bytes
        self.throttle = throttle or LoginThrottle()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is None and self.needs_scrub(scope):
            await self.scrubbed(scope, receive, send)
            return
        if refusal is None and self._is_login(scope):
            await self.login(scope, receive, send)
            return
        if refusal is None:
            await self.bounded(scope, receive, send)
            return
        await self.refuse(scope, send, *refusal)

    @staticmethod
    async def refuse(
        scope: Scope,
        send: Send,
        status: int,
        message: str,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"detail": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                    *(extra or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _too_large(self) -> str:
        limit = (self.max_body_bytes or 0) / 1024 / 1024
        return (
            f"The upload is over the {limit:g} MB limit and was not kept. Split the file, or "
            "ask whoever runs the app to raise WSOA_MAX_UPLOAD_MB."
        )

    async def bounded(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, refusing a body over the limit as it arrives."""
        limit = self.max_body_bytes
        if limit is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _headers(scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self.refuse(scope, send, 413, self._too_large())
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await self.refuse(scope, send, 413, self._too_large())

    @staticmethod
    def _is_login(scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and scope.get("path", "").rstrip("/") == "/login"
        )

    async def login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A sign-in attempt: refused while its address must wait; its outcome recorded."""
        address = str((scope.get("client") or ("?", 0))[0])
        wait = self.throttle.wait_left(address)
        if wait > 0:
            seconds = math.ceil(wait)
            await self.refuse(
                scope,
                send,
                429,
                f"Too many failed sign-ins from this address: try again in {seconds} s.",
                [(b"retry-after", str(seconds).encode())],
            )
            return
        status = 0

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.bounded(scope, receive, watched)
        if 200 <= status < 400:
            self.throttle.succeeded(address)
        else:
            self.throttle.failed(address)

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """``(status, message)`` when the request must be refused, else ``None``."""
        headers = _headers(scope)
        host = headers.get("host", "")
        if self.signed_in is None and not is_local(host):
            return 400, "This app answers on 127.0.0.1 or localhost only."
        origin = headers.get("origin")
        if origin is not None and not self._same_origin(origin, host):
            return 403, "Requests from other web sites are refused."
        path = scope.get("path", "")
        raw = scope.get("raw_path") or b""
        if has_dot_segment(path) or has_dot_segment(raw.decode("latin-1")):
            return 400, "Paths with '..' are refused."
        if self.signed_in is None or is_public(path):
            return None
        if self.signed_in(_cookies(headers.get("cookie", ""))):
            return None
        return 401, "Sign in first."

    def needs_scrub(self, scope: Scope) -> bool:
        """A page served before sign-in (the login page)."""
        if self.signed_in is None or scope["type"] != "http" or scope.get("path") != "/":
            return False
        return not self.signed_in(_cookies(_headers(scope).get("cookie", "")))

    async def scrubbed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the login page with Gradio's API description blanked out."""
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        start: Message = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = API_INFO.sub(b"window.gradio_api_info = null;</script>", b"".join(chunks))
            start["headers"] = [
                (k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                for k, v in start.get("headers", [])
            ]
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app({**scope, "headers": headers}, receive, collect)

    @staticmethod
    def _same_origin(origin: str, host: str) -> bool:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False  # "null" (sandboxed frames, files) and the like
        return parts.netloc.lower() == host.strip().lower()


def gradio_login(gradio_app: Any) -> Callable[[dict[str, str]], bool]:
    """A ``signed_in`` check over a Gradio app's own login tokens (set by its /login)."""

    def signed_in(cookies: dict[str, str]) -> bool:
        cookie_id = gradio_app.cookie_id
        for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
            token = cookies.get(name)
            if token and token in gradio_app.tokens:
                return True
        return False

    return signed_in


__all__ = [
    "Guard",
    "LoginThrottle",
    "check_exposure",
    "gradio_login",
    "has_dot_segment",
    "host_name",
    "is_local",
]
