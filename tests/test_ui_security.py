"""Who the served app answers: login on every route, local Host only without one, no `..`.

The app is the one `wsoa serve` runs (``ui.app.server_app``) over a fake Assistant,
served by uvicorn on a free loopback port and driven over HTTP with time-outs (a
stream that never ends counts as answered); the route walk reads the server's own
route table so routes a newer Gradio adds are walked too.
"""

from __future__ import annotations

import http.client
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from starlette.routing import Mount

from assistant.cli import cli
from assistant.settings import REPO_ROOT, UISettings
from tests.test_ui_app import FakeAssistant
from ui.app import build_app, server_app
from ui.security import LoginThrottle, check_exposure, has_dot_segment, host_name, is_local

#: Routes the walk must find, so a walk over an empty table cannot pass.
EXPECTED_ROUTES = {
    "/",
    "/config",
    "/openapi.json",
    "/gradio_api/info",
    "/gradio_api/openapi.json",
    "/gradio_api/cancel",
    "/gradio_api/reset",
    "/gradio_api/queue/join",
    "/gradio_api/queue/data",
    "/gradio_api/upload",
    "/gradio_api/file={path_or_url:path}",
    "/gradio_api/heartbeat/{session_hash}",
    "/gradio_api/call/{api_name}",
    "/monitoring",
}
#: Served before sign-in: the login page and what it loads (Gradio's packaged files).
PUBLIC = {
    "/",
    "/login",
    "/login/",
    "/favicon.ico",
    "/theme.css",
    "/assets/{path:path}",
    "/static/{path:path}",
    "/svelte/{path:path}",
}


def walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """Every (path template, methods) in a Starlette/FastAPI route table, nested ones too."""
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's lazily included APIRouter
            yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Mount):
            yield from walk(route.routes, prefix + route.path)
        elif hasattr(route, "path"):
            methods = set(getattr(route, "methods", None) or {"GET"})
            yield prefix + route.path, methods


def concrete(template: str) -> str:
    """A request path for a route template: every parameter filled with a harmless value."""
    return re.sub(r"\{[^}]+\}", "x", template)


class Served(httpx.Client):
    """An HTTP client on a served app, with the app's route table at hand."""

    routes: list[tuple[str, set[str]]]


def serve(auth: str, ui: UISettings | None = None) -> Iterator[Served]:
    app = server_app(build_app(FakeAssistant()), auth, ui)  # type: ignore[arg-type]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the app did not start"
    with Served(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        client.routes = list(walk(app.routes))
        yield client
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def login_server() -> Iterator[Served]:
    yield from serve("ann:s3cret")


@pytest.fixture()
def with_login(login_server: Served) -> Served:
    """The app with a login, and a client that has not signed in (no cookies kept)."""
    login_server.cookies.clear()
    return login_server


@pytest.fixture(scope="module")
def without_login() -> Iterator[Served]:
    yield from serve("")


def raw_get(client: httpx.Client, path: str) -> tuple[int, str]:
    """GET ``path`` byte for byte (httpx would resolve ``..`` before sending)."""
    connection = http.client.HTTPConnection(client.base_url.host, client.base_url.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def status_of(client: httpx.Client, method: str, path: str) -> int | str:
    """The status a request gets; a stream still open after the time-out was served."""
    try:
        with client.stream(method, path, data={} if method != "GET" else None) as response:
            return response.status_code
    except httpx.TimeoutException:
        return "timed out (served)"


# -- with a login ---------------------------------------------------------------------


def test_every_route_refuses_a_request_without_login(with_login: Served) -> None:
    templates = {path for path, _ in with_login.routes}
    assert templates >= EXPECTED_ROUTES, EXPECTED_ROUTES - templates
    answered = []
    for template, methods in with_login.routes:
        if template in PUBLIC:
            continue
        for method in sorted(methods - {"HEAD"}):
            status = status_of(with_login, method, concrete(template))
            if status != 401:
                answered.append(f"{method} {template} -> {status}")
    assert not answered, answered


def test_the_login_page_gives_nothing_away(with_login: Served) -> None:
    page = with_login.get("/")
    assert page.status_code == 200 and "auth_required" in page.text
    # Gradio writes its API description (endpoint names, parameters) into every page.
    assert "named_endpoints" not in page.text and "/ask" not in page.text
    assert with_login.get("/gradio_api/info").status_code == 401
    assert with_login.get("/assets/../config").status_code in (400, 401, 404)


def test_signing_in_opens_the_routes(with_login: Served) -> None:
    wrong = with_login.post("/login", data={"username": "ann", "password": "nope"})
    assert wrong.status_code == 400 and not wrong.cookies
    signed = with_login.post("/login", data={"username": "ann", "password": "s3cret"})
    assert signed.status_code == 200 and with_login.cookies
    info = with_login.get("/gradio_api/info")
    assert info.status_code == 200 and "/ask" in info.json()["named_endpoints"]
    page = with_login.get("/")
    assert "ask-question" in page.text and "named_endpoints" in page.text
    forged = {name: "forged-token" for name in with_login.cookies}
    with_login.cookies.clear()
    with_login.cookies.update(forged)
    assert with_login.get("/config").status_code == 401


# -- without a login: this machine only -----------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1:7860", "localhost", "LOCALHOST:9999", "[::1]:80"])
def test_local_hosts_are_served(without_login: Served, host: str) -> None:
    assert without_login.get("/config", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/config"), ("POST", "/gradio_api/upload")],
)
@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example:7860", ""])
def test_another_host_is_refused_without_echoing_its_origin(
    without_login: Served, method: str, path: str, host: str
) -> None:
    response = without_login.request(
        method, path, headers={"host": host, "origin": f"http://{host or 'evil.example'}"}
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    assert "127.0.0.1 or localhost" in response.json()["detail"]


def test_a_foreign_page_cannot_drive_the_local_app(without_login: Served) -> None:
    foreign = {"origin": "http://evil.example"}
    upload = without_login.post(
        "/gradio_api/upload", files={"files": ("planted.txt", b"x")}, headers=foreign
    )
    assert upload.status_code == 403
    assert "access-control-allow-origin" not in upload.headers
    assert without_login.get("/config", headers={"origin": "null"}).status_code == 403
    # The app's own page (same origin) is served as usual.
    own = str(without_login.base_url).rstrip("/")
    assert without_login.get("/config", headers={"origin": own}).status_code == 200


# -- file routes ------------------------------------------------------------------------


def test_file_routes_refuse_dot_dot_and_absolute_paths(
    without_login: Served, tmp_path: Path
) -> None:
    secret = REPO_ROOT / "pyproject.toml"
    attempts = [
        "/gradio_api/file=../../../../etc/passwd",
        "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/gradio_api/file=..%2f..%2f..%2fetc%2fpasswd",
        "/gradio_api/file=%252e%252e/%252e%252e/etc/passwd",
        "/gradio_api/file=/etc/passwd",
        f"/gradio_api/file={secret}",
        "/gradio_api/file/../../etc/passwd",
        "/assets/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ]
    for path in attempts:
        status, text = raw_get(without_login, path)
        assert status in (400, 403, 404), (path, status)
        assert "root:" not in text and "[project]" not in text, path

    # A file the app itself holds (an upload) still downloads by its absolute path.
    uploaded = without_login.post(
        "/gradio_api/upload", files={"files": ("note.txt", b"hello from the cache")}
    )
    assert uploaded.status_code == 200
    cached = uploaded.json()[0]
    assert Path(cached).is_absolute()
    download = without_login.get(f"/gradio_api/file={cached}")
    assert download.status_code == 200 and download.text == "hello from the cache"


# -- exposure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.0.1:7860", True),
        ("localhost", True),
        ("[::1]:7860", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_is_local(host: str, local: bool) -> None:
    assert is_local(host) is local


def test_host_name_drops_the_port() -> None:
    assert host_name("Example.COM:443") == "example.com"
    assert host_name("[::1]:7860") == "::1"


def test_dot_segments_are_found_however_encoded() -> None:
    assert has_dot_segment("/gradio_api/file=../x")
    assert has_dot_segment("/a/%2E%2E/b") and has_dot_segment("/a/..%5cb")
    assert not has_dot_segment("/gradio_api/file=/tmp/gradio/a..b/draft.docx")


def test_serving_beyond_this_machine_needs_a_login() -> None:
    with pytest.raises(ValueError, match="WSOA_AUTH"):
        check_exposure("0.0.0.0", "")
    check_exposure("0.0.0.0", "ann:s3cret")
    check_exposure("localhost", "")


def test_wsoa_serve_refuses_other_interfaces_without_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WSOA_AUTH", "")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 1
    assert "Refusing to serve on 0.0.0.0 without a login" in result.output
    assert "Traceback" not in result.output


# -- bounds: failed sign-ins, upload size ---------------------------------------------


def test_repeated_wrong_passwords_make_every_attempt_wait_even_the_right_one() -> None:
    for client in serve("ann:s3cret", UISettings(login_free_attempts=3)):
        statuses = [
            client.post("/login", data={"username": "ann", "password": f"guess{i}"}).status_code
            for i in range(30)
        ]
        assert statuses[:3] == [400, 400, 400]  # the free attempts get the usual answer
        assert set(statuses[3:]) == {429}, statuses  # then: wait first, however fast you try
        right = client.post("/login", data={"username": "ann", "password": "s3cret"})
        assert right.status_code == 429 and not client.cookies
        assert int(right.headers["retry-after"]) >= 1
        assert "try again in" in right.json()["detail"]


def test_the_wait_doubles_after_each_failure_and_a_success_clears_it() -> None:
    now = [1000.0]
    throttle = LoginThrottle(free=2, max_wait=10, clock=lambda: now[0])
    for _ in range(2):
        assert throttle.wait_left("10.0.0.1") == 0
        throttle.failed("10.0.0.1")
    assert throttle.wait_left("10.0.0.1") == 1  # 2 ** 0
    throttle.failed("10.0.0.1")
    assert throttle.wait_left("10.0.0.1") == 2
    throttle.failed("10.0.0.1")
    assert throttle.wait_left("10.0.0.1") == 4
    assert throttle.wait_left("10.0.0.2") == 0  # another address is not slowed
    for _ in range(10):
        throttle.failed("10.0.0.1")
    assert throttle.wait_left("10.0.0.1") == 10  # capped
    now[0] += 10
    assert throttle.wait_left("10.0.0.1") == 0
    throttle.succeeded("10.0.0.1")
    throttle.failed("10.0.0.1")
    assert throttle.wait_left("10.0.0.1") == 0  # counting starts again


def test_an_upload_over_the_limit_is_refused_and_not_kept(tmp_path: Path) -> None:
    for client in serve("", UISettings(max_upload_mb=1)):
        before = set(Path(tempfile.gettempdir()).rglob("big-upload.pdf"))
        big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
        refused = client.post(
            "/gradio_api/upload", files={"files": ("big-upload.pdf", big, "application/pdf")}
        )
        assert refused.status_code == 413
        assert "1 MB limit" in refused.json()["detail"]
        # Sent without a declared length (chunked): counted as it arrives, refused the same.
        streamed = client.post(
            "/gradio_api/upload",
            content=iter([b"--x\r\n", b"0" * (2 * 1024 * 1024), b"--x--\r\n"]),
            headers={"content-type": "multipart/form-data; boundary=x"},
        )
        assert streamed.status_code == 413
        assert set(Path(tempfile.gettempdir()).rglob("big-upload.pdf")) == before
        small = client.post(
            "/gradio_api/upload", files={"files": ("small.txt", b"hello", "text/plain")}
        )
        assert small.status_code == 200
