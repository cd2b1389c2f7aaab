"""Real services for the discovery tests, started on 127.0.0.1 at a free port."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

START_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing(what: str) -> None:
    """Skip when a service's program is missing, but fail under CI, which must have it."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed; .ci/run installs it")
    pytest.skip(f"{what} is not installed")


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"{url} did not answer within {START_SECONDS} s: {log.read_text()[-2000:]}")


def start(
    command: list[str], url: str, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a service (with `env` added to this process's environment), waiting until
    `url` answers."""
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        missing(command[0])
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env} if env else None,
        )
    wait_until_answering(url, process, log)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Seen:
    """A request a fake server received."""

    method: str
    path: str
    headers: dict[str, str]


Answer = tuple[int, dict[str, str], bytes]  # status, headers, body


@contextmanager
def fake_server(answer: Callable[[str, str], Answer]) -> Iterator[tuple[str, list[Seen]]]:
    """(URL, requests received) of an HTTP server on 127.0.0.1 at a free port, in a thread,
    answering each request with `answer(method, path)`; for answers a real service never
    gives (malformed JSON, redirects, hostile names)."""
    seen: list[Seen] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen.append(Seen(self.command, self.path, dict(self.headers.items())))
            status, headers, body = answer(self.command, self.path)
            self.send_response(status)
            for key, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def json_answer(data: Any, status: int = 200) -> Answer:
    return status, {}, json.dumps(data).encode()


def mlflow_answer(
    models: list[dict[str, Any]], versions: list[dict[str, Any]]
) -> Callable[[str, str], Answer]:
    """A fake MLflow registry's answers: `models` and `versions` on one page each."""

    def answer(method: str, path: str) -> Answer:
        if path.startswith("/api/2.0/mlflow/registered-models/search"):
            return json_answer({"registered_models": models})
        if path.startswith("/api/2.0/mlflow/model-versions/search"):
            return json_answer({"model_versions": versions})
        return json_answer({"error_code": "NOT_FOUND", "message": path}, 404)

    return answer


@contextmanager
def raw_server(reply: bytes) -> Iterator[str]:
    """The URL of a TCP server on 127.0.0.1 at a free port that answers every connection
    with `reply` as it is (not HTTP: what an SSH, SMTP or Redis port says) and closes it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                    conn.sendall(reply)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        thread.join()
        listener.close()
