"""How fast `modelinv discover` is on large inputs; prints the figures.

    python bench/discover_bench.py [--manifests 10000] [--models 10000] [--mlflow 1000]

1. N Kubernetes manifests (one file each: an InferenceService, a Service and a plain
   Deployment, like a GitOps repository; nine in ten serve a catalog model, one in ten a
   shadow model) against a generated catalog of M models (bench/generate.py). Target:
   <= 10 s on 2 cores.
2. With `--mlflow K`: a real `mlflow server` (SQLite) on 127.0.0.1 with K registered models,
   each with a version and a champion alias; `discover --mlflow` timed. Target: <= 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from modelinv.cli import main
from modelinv.discovery.http import request_json
from modelinv.discovery.kubernetes import KubernetesSource
from modelinv.discovery.mlflow import MlflowClient

HERE = Path(__file__).parent


def _manifest(index: int, model: str) -> str:
    return (
        f"apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
        f"metadata:\n  name: {model}\n  namespace: team-{index % 50}\n"
        f"  labels: {{app: {model}, modelinv.io/model: {model}}}\n"
        f"spec:\n  predictor:\n    model:\n      modelFormat: {{name: xgboost}}\n"
        f"      storageUri: s3://models/{model}/v{index % 7}\n      runtime: kserve-xgbserver\n"
        f"---\napiVersion: v1\nkind: Service\nmetadata: {{name: {model}-svc}}\n"
        f"spec: {{ports: [{{port: 80}}]}}\n"
        f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {model}-cache}}\n"
        f"spec:\n  template:\n    metadata: {{labels: {{app: redis}}}}\n"
        f"    spec: {{containers: [{{name: redis, image: 'redis:7'}}]}}\n"
    )


def _discover(args: list[str]) -> tuple[float, int]:
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = main(["discover", *args, "--format", "json"])
    return time.perf_counter() - started, code


def bench_manifests(work: Path, manifests: int, models: int) -> None:
    catalog = work / "catalog"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(catalog), "--models", str(models)],
        check=True,
        capture_output=True,
    )
    names = sorted(p.stem for p in (catalog / "models").glob("*.yaml"))
    deploy = work / "deploy"
    deploy.mkdir()
    for index in range(manifests):
        model = names[index % len(names)] if index % 10 else f"shadow-model-{index}"
        (deploy / f"{index:05d}.yaml").write_text(_manifest(index, model))
    seconds, code = _discover(["--k8s", str(deploy), "--catalog", str(catalog)])
    print(
        f"manifests: {manifests} files ({manifests * 3} resources) vs {models} models: "
        f"{seconds:.2f} s (exit {code}; target <= 10 s; includes loading the catalog)"
    )
    started = time.perf_counter()
    observed = list(KubernetesSource([str(deploy)]).observe())
    print(
        f"manifests: reading {manifests} files alone ({len(observed)} models): "
        f"{time.perf_counter() - started:.2f} s"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, endpoint: str, body: dict[str, object]) -> None:
    request_json(f"{url}/api/2.0/mlflow/{endpoint}", "MLflow", None, body, "POST")


def bench_mlflow(work: Path, count: int) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    mlflow = Path(sys.executable).with_name("mlflow")
    command = [str(mlflow), "server", "--backend-store-uri", f"sqlite:///{work / 'm.db'}"]
    command += ["--default-artifact-root", str(work / "art"), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "1"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        # Registered over the REST API: the MLflow client polls each new version for a
        # second, which would make setting up 1,000 models take a quarter of an hour.
        started = time.perf_counter()
        for index in range(count):
            name = f"bench-model-{index:04d}"
            tags = [{"key": "team", "value": f"team-{index % 20}"}]
            _post(url, "registered-models/create", {"name": name, "tags": tags})
            _post(url, "model-versions/create", {"name": name, "source": f"s3://m/{name}/1"})
            _post(
                url, "registered-models/alias", {"name": name, "alias": "champion", "version": "1"}
            )
        print(f"mlflow: registered {count} models in {time.perf_counter() - started:.1f} s")
        catalog = work / "catalog"
        seconds, code = _discover(["--mlflow", url, "--catalog", str(catalog)])
        print(
            f"mlflow: discover over {count} registered models: {seconds:.2f} s "
            f"(exit {code}; target <= 30 s; includes loading the catalog)"
        )
        started = time.perf_counter()
        models = MlflowClient(url).registered_models()
        print(
            f"mlflow: reading {len(models)} registered models alone: "
            f"{time.perf_counter() - started:.2f} s"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifests", type=int, default=10_000)
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--mlflow", type=int, default=0, metavar="K")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="modelinv-discover-bench-") as tmp:
        work = Path(tmp)
        bench_manifests(work, options.manifests, options.models)
        if options.mlflow:
            bench_mlflow(work, options.mlflow)


if __name__ == "__main__":
    run()
