"""Discovery against a real MLflow tracking server (SQLite backend, see conftest.py)."""

from __future__ import annotations

import http.server
import json
import shutil
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from discovery_support import Answer, fake_server, free_port, json_answer, start, stop

from modelinv.cli import main
from modelinv.discovery.mlflow import MODEL_TAG, MlflowClient

HERE = Path(__file__).parent
BASE = HERE.parent / "checks" / "rules" / "base"
TODAY = "2026-11-26"


def _client(url: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mlflow's own import-time deprecations
        from mlflow import MlflowClient as Client

    return Client(tracking_uri=url, registry_uri=url)


def _register(url: str) -> None:
    """fraud-detector (champion v2, catalog expects v1), churn-old (archived), shadow one."""
    client = _client(url)
    existing = {m.name for m in client.search_registered_models()}
    if "fraud-detector" in existing:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stage transitions are deprecated, still supported
        client.create_registered_model("fraud-detector", tags={"team": "payments-ml"})
        for n in (1, 2):
            client.create_model_version("fraud-detector", f"s3://models/fraud/{n}")
        client.set_registered_model_alias("fraud-detector", "champion", "2")
        client.create_registered_model("ShadowScorer_v2", tags={"owner": "risk-ml"})
        client.create_model_version("ShadowScorer_v2", "s3://models/shadow/1")
        client.transition_model_version_stage("ShadowScorer_v2", "1", "Production")
        client.create_registered_model("ranker-staging")
        client.create_model_version("ranker-staging", "s3://models/ranker/1")
        client.transition_model_version_stage("ranker-staging", "1", "Archived")


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a real `mlflow server` on 127.0.0.1, stopped after the session."""
    home = tmp_path_factory.mktemp("mlflow")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    mlflow = Path(sys.executable).with_name("mlflow")
    command = [
        str(mlflow),
        "server",
        "--backend-store-uri",
        f"sqlite:///{home / 'mlflow.db'}",
        "--default-artifact-root",
        str(home / "artifacts"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    # Without its job runner: the tests need none, and the server would leave the runner's
    # stores behind in a folder of its own under /dev/shm at every run. Its other temporary
    # files go under the test's folder.
    quiet = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", "TMPDIR": str(home)}
    process = start(command, f"{url}/health", home / "server.log", quiet)
    yield url
    stop(process)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    shutil.copytree(HERE.parent / "deploy" / "gate" / "catalog", root, dirs_exist_ok=True)
    model = root / "models" / "fraud-detector.yaml"
    text = model.read_text()
    model.write_text(
        text.replace(
            "  deployments:\n",
            "  registry:\n    - {platform: mlflow, name: fraud-detector, version: '1'}\n"
            "    - {platform: mlflow, name: fraud-detector-legacy}\n"
            "  deployments:\n",
            1,
        )
    )
    return root


def _discover(
    capsys: pytest.CaptureFixture[str], catalog: Path, url: str, *args: str
) -> tuple[int, Any, str]:
    code = main(["discover", "--mlflow", url, "--catalog", str(catalog), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.startswith("{") else out), err


def test_shadow_orphan_and_drift(
    mlflow_server: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(mlflow_server)
    assert "registry:" in (catalog / "models" / "fraud-detector.yaml").read_text()
    code, report, _ = _discover(capsys, catalog, mlflow_server, "--format", "json", "--check")
    assert code == 1
    items = {(i["category"], i["model"]): i for i in report["items"]}
    shadow = items[("shadow", "shadow-scorer-v2")]
    assert shadow["evidence"] == [f"{mlflow_server}/#/models/ShadowScorer_v2"]
    drift = [i["message"] for i in report["items"] if i["category"] == "drift"]
    assert (
        "fraud-detector: the catalog says version 1, the registry serves version 2 (alias champion)"
    ) in drift
    orphan = items[("orphan", "fraud-detector")]
    assert "registered in mlflow as 'fraud-detector-legacy'" in orphan["message"]
    observed = {o["name"]: o for o in report["observations"]}
    assert observed["fraud-detector"]["aliases"] == {"champion": "2"}
    assert observed["fraud-detector"]["owner"] == "team:payments-ml"
    assert observed["ranker-staging"]["stage"] == "archived"
    assert observed["ShadowScorer_v2"]["stage"] == "production"


def test_production_model_archived_in_the_registry_is_drift(
    mlflow_server: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(mlflow_server)
    model = catalog / "models" / "ranker-staging.yaml"
    model.write_text(model.read_text().replace("lifecycle: staging", "lifecycle: production"))
    _, report, _ = _discover(capsys, catalog, mlflow_server, "--format", "json")
    assert any(
        i["message"].startswith(
            "ranker-staging: the catalog says production, the registry archived every version"
        )
        for i in report["items"]
    )


def test_pagination_reads_every_page(mlflow_server: str) -> None:
    _register(mlflow_server)
    client = MlflowClient(mlflow_server)
    everything = {m.name for m in client.registered_models()}
    import modelinv.discovery.mlflow as source

    original = source.PAGE_SIZE
    source.PAGE_SIZE = 1
    try:
        paged = {m.name for m in client.registered_models()}
    finally:
        source.PAGE_SIZE = original
    assert paged == everything
    assert len(everything) >= 3


def test_unreachable_server_is_one_line(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, out, err = _discover(capsys, catalog, url)
    assert (code, out) == (2, "")
    assert err.startswith(f"modelinv: MLflow at {url} is unreachable: ")
    assert err.count("\n") == 1


class _Refusing(http.server.BaseHTTPRequestHandler):
    status = 401

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"error_code": "X", "message": "no\nway"}).encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(params=[401, 403, 500])
def refusing(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    handler = type("Handler", (_Refusing,), {"status": request.param})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", request.param
    server.shutdown()
    server.server_close()


def test_refused_credentials_and_server_errors_are_one_line(
    refusing: tuple[str, int],
    catalog: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, status = refusing
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "wrong")
    code, out, err = _discover(capsys, catalog, url)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    if status == 500:
        assert "answered HTTP 500 for /api/2.0/mlflow/model-versions/search: no" in err
    else:
        assert f"refused the credentials (HTTP {status})" in err


def test_credentials_come_from_mlflow_variables() -> None:
    from modelinv.discovery.mlflow import auth_headers

    assert auth_headers({"MLFLOW_TRACKING_TOKEN": "t"}) == {"Authorization": "Bearer t"}
    assert auth_headers({"MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p"}) == {
        "Authorization": "Basic dTpw"
    }
    assert auth_headers({}) == {}


def test_sync_mlflow_dry_run_then_apply(
    mlflow_server: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(mlflow_server)
    args = ["sync", "mlflow", "--mlflow", mlflow_server, "--catalog", str(catalog)]
    args += ["--today", TODAY, "--site-url", "https://models.example.com/"]
    # The gate's catalog holds a model file that fails validation: left out, and said so.
    assert main(args) == 1
    dry, err = capsys.readouterr()
    said = [line for line in err.splitlines() if line.startswith("modelinv: ")]
    assert said[0].startswith(f"modelinv: left out {catalog}/models/broken-scorer.yaml:")
    assert (
        "would set fraud-detector: modelinv.owner: (unset) -> 'team:payments-ml' "
        "(model:fraud-detector)"
    ) in dry
    assert (
        "would set fraud-detector: modelinv.url: (unset) -> "
        "'https://models.example.com/models/fraud-detector.html'"
    ) in dry
    assert "would set ranker-staging: modelinv.lifecycle: (unset) -> 'staging'" in dry
    before = {m.name: dict(m.tags) for m in MlflowClient(mlflow_server).registered_models()}
    assert "modelinv.owner" not in before["fraud-detector"]  # the dry run wrote nothing
    assert main([*args, "--apply"]) == 1
    applied = capsys.readouterr().out
    assert "set fraud-detector: modelinv.lifecycle: (unset) -> 'production'" in applied
    after = {m.name: dict(m.tags) for m in MlflowClient(mlflow_server).registered_models()}
    assert after["fraud-detector"]["modelinv.owner"] == "team:payments-ml"
    assert after["fraud-detector"]["modelinv.lifecycle"] == "production"
    assert after["fraud-detector"]["team"] == "payments-ml"  # other tags are kept
    assert "modelinv.owner" not in after["ShadowScorer_v2"]  # not in the catalog: untouched
    assert main(args) == 1
    assert (
        capsys.readouterr().out == "sync mlflow: 0 tag(s) to set (dry run; --apply writes them)\n"
    )


def test_write_scaffolds_a_registered_shadow_model(
    mlflow_server: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(mlflow_server)
    args = ["--write", "--format", "json"]
    code, _, err = _discover(capsys, catalog, mlflow_server, *args)
    assert code == 0
    # its owner tag names a team the catalog does not have, and there is no triage team
    assert "skipped shadow-scorer-v2: no owner team in the catalog (observed: team:risk-ml)" in err
    policy = catalog / "policy.yaml"
    policy.write_text(
        "apiVersion: modelinv/v1\nkind: Policy\nspec:\n  discoveryTriageTeam: team:payments-ml\n"
    )
    code, _, err = _discover(capsys, catalog, mlflow_server, *args)
    assert code == 0
    text = (catalog / "models" / "shadow-scorer-v2.yaml").read_text()
    assert "  lifecycle: production\n" in text  # its version 1 is in the Production stage
    assert "  owner: team:payments-ml\n" in text
    assert '    - platform: mlflow\n      name: ShadowScorer_v2\n      version: "1"\n' in text
    assert f'    where: "{mlflow_server}/#/models/ShadowScorer_v2"\n' in text
    assert main(["validate", str(catalog), "--today", TODAY]) == 1  # the fixtures' own errors
    mine = [line for line in capsys.readouterr().out.splitlines() if "shadow-scorer-v2" in line]
    assert mine and all(line.endswith("[warning]") for line in mine)  # within the grace


def test_sync_names_the_model_files_it_left_out(
    mlflow_server: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A model file that fails validation has no entity to tag from: its registered
    models keep their tags, and the sync says which file it left out (exit 1), the other
    models synced as ever. An invalid team file leaves no model out: not named."""
    _register(mlflow_server)
    (catalog / "models" / "broken-scorer.yaml").unlink()  # the gate catalog's broken file
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("  lifecycle: ", "  lifecycle: x-", 1))
    team = next((catalog / "teams").iterdir())
    team.write_text(team.read_text() + "unknownKey: 1\n")
    before = {m.name: dict(m.tags) for m in MlflowClient(mlflow_server).registered_models()}
    args = ["sync", "mlflow", "--mlflow", mlflow_server, "--catalog", str(catalog)]
    assert main([*args, "--today", TODAY, "--apply"]) == 1
    out, err = capsys.readouterr()
    assert "fraud-detector" not in out
    # (the MLflow client of `_register` logs to stderr too)
    first, last = [line for line in err.splitlines() if line.startswith("modelinv: ")]
    assert first.startswith(f"modelinv: left out {catalog}/models/fraud-detector.yaml:")
    assert " SCH004 spec.lifecycle: 'x-" in first
    assert last.startswith("modelinv: 1 file failing validation left out of the sync: fix it")
    after = {m.name: dict(m.tags) for m in MlflowClient(mlflow_server).registered_models()}
    assert after["fraud-detector"] == before["fraud-detector"]  # left as it was
    assert after["ranker-staging"]["modelinv.lifecycle"] == "staging"  # synced


def test_sync_shows_what_the_server_says_escaped(
    mlflow_server: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Registered model names and tag values come from the server: an escape sequence
    (a window title, a screen clear, a one-character CSI), a bell or a carriage return in
    one is printed as a `\\uXXXX` escape (`visible`; a tag value as its repr), never
    written to the terminal as itself, dry run or --apply. Values from the YAML cannot
    carry them: such a file fails validation (SCH010) and is left out, said on stderr."""
    _register(mlflow_server)
    hostile = "evil\x1b]0;owned\x07\rname\x1b[2J\x9b31m"
    client = _client(mlflow_server)
    tags = {MODEL_TAG: "merchant-embedder", "modelinv.owner": "\x1b]0;x\x07\rteam"}
    client.create_registered_model(hostile, tags=tags)
    try:
        args = ["sync", "mlflow", "--mlflow", mlflow_server, "--catalog", str(catalog)]
        args += ["--today", TODAY]
        for apply in ([], ["--apply"]):
            assert main([*args, *apply]) == 1  # the gate catalog's broken file, left out
            out, err = capsys.readouterr()
            ours = out + "".join(line for line in err.splitlines() if "modelinv" in line)
            assert not {"\x1b", "\x07", "\r", "\x9b"} & set(ours)
            shown = "evil\\u001b]0;owned\\u0007\\u000dname\\u001b[2J\\u009b31m"
            assert (
                f"set {shown}: modelinv.owner: '\\x1b]0;x\\x07\\rteam' -> 'team:payments-ml' "
                "(model:merchant-embedder)"
            ) in out
        synced = {m.name: dict(m.tags) for m in MlflowClient(mlflow_server).registered_models()}
        assert synced[hostile]["modelinv.owner"] == "team:payments-ml"  # applied as it is
    finally:
        client.delete_registered_model(hostile)


def test_a_registry_whose_paging_loops_is_one_line(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server answering the same next_page_token again would be asked 10,000 pages of
    each list before giving up; the repeat is seen at the second page."""

    def answer(method: str, path: str) -> Answer:
        key = "registered_models" if "registered-models" in path else "model_versions"
        return json_answer({key: [], "next_page_token": "again"})

    with fake_server(answer) as (url, seen):
        code, out, err = _discover(capsys, catalog, url)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "answered a page token it had answered before" in err and "paging loops" in err
    assert len(seen) == 2
