"""The chat-model layer: backend resolution, the adapters, the fakes, one real model run."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.errors import BackendError, ModelMissingError
from assistant.llm import (
    LangChainChat,
    count_tokens,
    describe_backend,
    factory,
    local,
    make_chat_model,
    resolve_backend,
)
from assistant.settings import LLMSettings, PathSettings, Settings
from tests.fakes import ScriptedChat

MODEL_FILE = LLMSettings.model_fields["model_file"].default


@pytest.fixture(autouse=True)
def no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's WSOA_LLM_* variables must not change what these tests resolve."""
    for name in list(os.environ):
        if name.startswith("WSOA_LLM_"):
            monkeypatch.delenv(name)


def make_settings(
    models_dir: Path, *, with_model: bool = False, local_ok: bool | None = None, **llm: Any
) -> Settings:
    """Settings whose models_dir is ``models_dir`` (holding an empty fake GGUF if asked, and
    the measured verdict of `make bench-backends` when ``local_ok`` is given)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    if with_model:
        (models_dir / MODEL_FILE).write_bytes(b"")
    if local_ok is not None:
        (models_dir / factory.CHOICE_FILE).write_text(
            factory.MeasuredChoice(local_ok=local_ok, reason="test").model_dump_json()
        )
    return Settings(paths=PathSettings(models_dir=models_dir), llm=LLMSettings(**llm))


# -- resolution (nothing is loaded) -------------------------------------------------


RESOLUTION = [
    # id, backend, model file present, llama_cpp installed, extra llm settings, expected
    # auto: the local model only where it was measured better and quick enough.
    ("auto-measured-better", "auto", True, True, {"local_ok": True}, "local"),
    ("auto-measured-worse", "auto", True, True, {"local_ok": False}, "extractive"),
    ("auto-never-measured", "auto", True, True, {}, "extractive"),
    ("auto-without-model", "auto", False, True, {"local_ok": True}, "extractive"),
    ("auto-without-llama-cpp", "auto", True, False, {"local_ok": True}, "extractive"),
    ("extractive", "extractive", True, True, {}, "extractive"),
    ("local", "local", False, True, {}, "local"),
    ("endpoint-with-url", "endpoint", False, True, {"base_url": "http://h/v1"}, "endpoint"),
    ("endpoint-gguf-path", "endpoint", False, True, {"model_file": "/m/other.gguf"}, "local"),
    ("endpoint-nothing-set", "endpoint", False, True, {}, "endpoint"),
]


@pytest.mark.parametrize(
    ("backend", "has_model", "has_llama", "llm", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in RESOLUTION],
)
def test_resolve_backend(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
    has_model: bool,
    has_llama: bool,
    llm: dict[str, Any],
    expected: str,
) -> None:
    monkeypatch.setattr(factory, "llama_cpp_installed", lambda: has_llama)
    settings = make_settings(tmp_path / "models", with_model=has_model, **llm)
    assert resolve_backend(settings, backend) == expected


def test_backend_argument_overrides_settings(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "models", backend="local")
    assert resolve_backend(settings) == "local"
    assert resolve_backend(settings, "extractive") == "extractive"


def test_local_model_path(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "models")
    assert factory.local_model_path(settings) == tmp_path / "models" / MODEL_FILE
    elsewhere = tmp_path / "elsewhere.gguf"
    settings.llm.model_file = str(elsewhere)
    assert factory.local_model_path(settings) == elsewhere


# -- make_chat_model ----------------------------------------------------------------


@pytest.mark.parametrize("backend", ["extractive", "auto"])
def test_no_llm_gives_none(tmp_path: Path, backend: str) -> None:
    assert make_chat_model(make_settings(tmp_path / "empty-models"), backend) is None


FAILURES = [
    # id, backend, model file present, llama installed, llm settings, error, words in message
    ("endpoint-no-url", "endpoint", False, True, {}, BackendError, ["WSOA_LLM_BASE_URL"]),
    (
        "endpoint-no-model",
        "endpoint",
        False,
        True,
        {"base_url": "http://localhost:1/v1"},
        BackendError,
        ["WSOA_LLM_MODEL"],
    ),
    ("unknown-backend", "gpt", False, True, {}, BackendError, ["WSOA_LLM_BACKEND"]),
    ("local-missing-file", "local", False, True, {}, ModelMissingError, ["`make model`"]),
    ("local-no-llama-cpp", "local", True, False, {}, ModelMissingError, ["`make llm`"]),
    ("local-empty-file", "local", True, True, {}, ModelMissingError, ["`make model`"]),
]


@pytest.mark.parametrize(
    ("backend", "has_model", "has_llama", "llm", "error", "words"),
    [pytest.param(*row[1:], id=row[0]) for row in FAILURES],
)
def test_make_chat_model_errors_say_what_to_do(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
    has_model: bool,
    has_llama: bool,
    llm: dict[str, Any],
    error: type[Exception],
    words: list[str],
) -> None:
    monkeypatch.setattr(local, "llama_cpp_installed", lambda: has_llama)
    settings = make_settings(tmp_path / "models", with_model=has_model, **llm)
    with pytest.raises(error) as raised:
        make_chat_model(settings, backend)
    for word in words:
        assert word in str(raised.value)


DESCRIPTIONS = [
    ("extractive", "extractive", True, {}, "extractive (no LLM)"),
    ("auto-no-model", "auto", False, {}, "`make model`"),
    ("auto-not-measured", "auto", True, {}, "run `make bench-backends`"),
    ("local-present", "local", True, {}, f"local model ({MODEL_FILE}, 0.0 GB)"),
    ("local-missing", "local", False, {}, "missing: run `make model`"),
    (
        "endpoint",
        "endpoint",
        False,
        {"base_url": "http://h:8080/v1", "model": "llama3"},
        "endpoint llama3 at http://h:8080/v1",
    ),
    ("endpoint-unset", "endpoint", False, {}, "WSOA_LLM_BASE_URL"),
    ("unknown", "gpt", False, {}, "not configured"),
]


@pytest.mark.parametrize(
    ("backend", "has_model", "llm", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in DESCRIPTIONS],
)
def test_describe_backend(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
    has_model: bool,
    llm: dict[str, Any],
    expected: str,
) -> None:
    monkeypatch.setattr(factory, "llama_cpp_installed", lambda: True)
    settings = make_settings(tmp_path / "models", with_model=has_model, **llm)
    assert expected in describe_backend(settings, backend)


# -- the fakes and the LangChain adapter --------------------------------------------


def test_scripted_chat_replies_in_order_and_records_prompts() -> None:
    chat = ScriptedChat("Paris is the capital.", "Second reply")
    pieces = list(chat.stream("sys", "Capital of France?"))
    assert pieces == ["Paris ", "is ", "the ", "capital."]
    assert chat.complete("sys2", "again") == "Second reply"
    assert chat.calls == [("sys", "Capital of France?"), ("sys2", "again")]
    with pytest.raises(AssertionError, match="no reply queued"):
        chat.complete("sys", "one too many")


def test_scripted_chat_honours_stop_and_scripted_errors() -> None:
    chat = ScriptedChat("Answer. [END] ignored", BackendError("down"))
    assert chat.complete("s", "u", stop=["[END]"]) == "Answer. "
    with pytest.raises(BackendError, match="down"):
        chat.complete("s", "u")


def test_langchain_chat_streams_pieces() -> None:
    fake = GenericFakeChatModel(messages=iter([AIMessage(content="Paris is lovely")]))
    chat = LangChainChat(fake, name="fake")
    pieces = list(chat.stream("Answer briefly.", "Capital of France?"))
    assert len(pieces) > 1
    assert "".join(pieces) == "Paris is lovely"
    assert chat.name == "fake"


def test_langchain_chat_complete_and_default_name() -> None:
    chat = LangChainChat(FakeListChatModel(responses=["one", "two"]))
    assert chat.complete("s", "u") == "one"
    assert chat.complete("s", "u", max_tokens=5, stop=["x"]) == "two"
    assert chat.name == "langchain: FakeListChatModel"


def test_langchain_chat_holds_lock_while_streaming() -> None:
    lock = threading.Lock()
    fake = GenericFakeChatModel(messages=iter([AIMessage(content="a b c")]))
    stream = LangChainChat(fake, lock=lock).stream("s", "u")
    next(stream)
    assert lock.locked()
    list(stream)
    assert not lock.locked()


def test_langchain_chat_turns_library_errors_into_backend_error() -> None:
    fake = FakeListChatModel(responses=["boom"], error_on_chunk_number=0)
    chat = LangChainChat(fake, name="fake", remedy="Do the thing.")
    with pytest.raises(BackendError, match="fake failed.*Do the thing"):
        chat.complete("s", "u")


def test_count_tokens() -> None:
    assert count_tokens(None, "x" * 40) == 10
    assert count_tokens(ScriptedChat(), "abcde") == 2
    chat = LangChainChat(FakeListChatModel(responses=[]), token_counter=lambda t: len(t.split()))
    assert count_tokens(chat, "three short words") == 3


# -- the endpoint backend against a tiny OpenAI-compatible server --------------------


class _ChatCompletions(BaseHTTPRequestHandler):
    """Answers POST /v1/chat/completions with a fixed reply, as JSON or as an SSE stream."""

    requests: list[tuple[dict[str, str], dict[str, Any]]] = []
    reply = ["Paris", " is", " the", " capital."]

    def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
        base = {"id": "c1", "created": 0, "model": body["model"]}
        if not body.get("stream"):
            message = {"role": "assistant", "content": "".join(self.reply)}
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
            self._send(
                "application/json",
                json.dumps({**base, "object": "chat.completion", "choices": [choice]}).encode(),
            )
            return
        events = [{"role": "assistant", "content": ""}] + [{"content": p} for p in self.reply]
        lines = [
            {
                **base,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
            }
            for delta in events
        ]
        lines.append(
            {
                **base,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            }
        )
        payload = "".join(f"data: {json.dumps(line)}\n\n" for line in lines) + "data: [DONE]\n\n"
        self._send("text/event-stream", payload.encode())

    def _send(self, content_type: str, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


@pytest.fixture()
def openai_server() -> Iterator[str]:
    """Base URL of a local fake OpenAI-compatible server."""
    _ChatCompletions.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatCompletions)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_endpoint_backend_streams_from_server(
    tmp_path: Path, openai_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSOA_TEST_KEY", "sk-local")
    settings = make_settings(
        tmp_path / "models", base_url=openai_server, model="tiny", api_key_env="WSOA_TEST_KEY"
    )
    chat = make_chat_model(settings, "endpoint")
    assert chat is not None
    assert chat.name == f"endpoint: tiny at {openai_server}"

    pieces = list(chat.stream("Answer briefly.", "Capital of France?", max_tokens=7, stop=["\n"]))

    assert pieces == ["Paris", " is", " the", " capital."]
    headers, body = _ChatCompletions.requests[-1]
    assert headers["authorization"] == "Bearer sk-local"
    assert body["model"] == "tiny"
    assert body["stream"] is True
    assert body["stop"] == ["\n"]
    assert body["temperature"] == 0
    # ChatOpenAI sends the newer name for max_tokens; OpenAI-compatible servers accept it.
    assert body["max_completion_tokens"] == 7
    assert body["messages"] == [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "Capital of France?"},
    ]
    assert chat.complete("s", "u") == "Paris is the capital."


def test_endpoint_without_key_sends_placeholder(tmp_path: Path, openai_server: str) -> None:
    settings = make_settings(
        tmp_path / "models", base_url=openai_server, model="tiny", api_key_env="WSOA_UNSET_KEY"
    )
    chat = make_chat_model(settings, "endpoint")
    assert chat is not None
    chat.complete("s", "u")
    assert _ChatCompletions.requests[-1][0]["authorization"] == "Bearer not-needed"


def test_unreachable_endpoint_raises_backend_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_unused_port()}/v1"
    settings = make_settings(tmp_path / "models", base_url=url, model="tiny", max_retries=0)
    chat = make_chat_model(settings, "endpoint")
    assert chat is not None
    with pytest.raises(BackendError, match="is running"):
        chat.complete("s", "u")


def _unused_port() -> int:
    """A port that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the real local model -------------------------------------------------------------


@pytest.mark.slow
def test_real_local_model_answers_and_streams() -> None:
    settings = Settings()  # the real models/ folder; the autouse fixture leaves it alone
    if not factory.local_model_path(settings).is_file():
        pytest.skip("no local model: run `make model`")
    chat = make_chat_model(settings, "local")
    assert chat is not None
    assert chat.name == f"local: {MODEL_FILE}"

    answer = chat.complete("Answer with one word.", "What is the capital of France?", max_tokens=8)
    assert "Paris" in answer

    pieces = list(
        chat.stream("Be brief.", "Count from 1 to 5, separated by commas.", max_tokens=16)
    )
    assert len(pieces) > 1
    assert "3" in "".join(pieces)

    assert count_tokens(chat, "Hello world") == 2  # the real tokenizer, not len / 4
    again = make_chat_model(settings, "local")
    assert isinstance(again, LangChainChat) and isinstance(chat, LangChainChat)
    assert again.chat is chat.chat  # loaded once, shared
