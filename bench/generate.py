"""Write a synthetic, realistic model inventory for benchmarks.

    python bench/generate.py OUT_DIR --models N [--broken K] [--seed S] [--shape chain|cycle]

OUT_DIR becomes a catalog root holding models/, teams/, data/ and consumers/:

* N model files of about 70 lines, every attribute group filled in, a mix of production,
  staging and development models; model-to-model `upstream` references only point at
  models generated earlier, so they form a DAG;
* ~N/50 teams (at least 4) whose members include the maintainers of their models;
* ~N/10 data assets of all four types and ~N/20 consumers of all three types.

With `--broken K`, K model files (spread evenly across the catalog) each get one realistic
defect, cycling through: dangling reference, unknown owner, type error, duplicate key,
impossible date, bad YAML. The output is a pure function of (N, K, seed). Without
`--broken`, `modelinv validate OUT_DIR` must report no problems.

`--shape chain` makes every model depend on the one generated before it (one chain of N
models: the worst case for pages listing transitive dependencies); `--shape cycle` closes
that chain into a cycle (the first model depends on the last; validate reports the cycle).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 1)  # fixed, so the output never depends on the day it runs

DOMAINS = [
    "payments",
    "fraud",
    "growth",
    "search",
    "recommendations",
    "pricing",
    "logistics",
    "credit-risk",
    "marketing",
    "customer-support",
    "supply-chain",
    "ads",
    "identity",
    "trust-safety",
    "forecasting",
    "insurance",
    "health",
    "media",
    "maps",
    "lending",
    "retail",
    "travel",
    "energy",
    "security",
    "hr-analytics",
]
TEAM_SUFFIXES = ["ml", "data-science", "ai", "analytics", "ml-platform", "applied-ml", "mlops"]
REGIONS = ["emea", "amer", "apac", "latam", "nordics", "dach"]

SUBJECTS = [
    "card",
    "merchant",
    "customer",
    "account",
    "transaction",
    "order",
    "basket",
    "product",
    "seller",
    "driver",
    "rider",
    "listing",
    "query",
    "session",
    "device",
    "invoice",
    "claim",
    "policy",
    "loan",
    "ticket",
    "review",
    "store",
    "warehouse",
    "shipment",
    "route",
    "campaign",
    "creative",
    "user",
    "content",
    "image",
    "document",
    "message",
    "call",
    "payment",
    "refund",
    "subscription",
    "price",
    "inventory",
    "supplier",
    "vendor",
    "employee",
    "booking",
    "hotel",
    "flight",
    "meter",
    "sensor",
    "login",
    "address",
    "email",
    "video",
]
TASKS = [
    ("fraud-scorer", "classification"),
    ("churn-predictor", "classification"),
    ("embedder", "embedding"),
    ("ranker", "ranking"),
    ("recommender", "ranking"),
    ("demand-forecaster", "forecast"),
    ("eta-predictor", "regression"),
    ("anomaly-detector", "classification"),
    ("classifier", "classification"),
    ("propensity-model", "classification"),
    ("ltv-estimator", "regression"),
    ("price-optimizer", "regression"),
    ("risk-scorer", "classification"),
    ("intent-classifier", "classification"),
    ("deduplicator", "classification"),
    ("segmenter", "clustering"),
    ("translator", "generation"),
    ("summarizer", "generation"),
    ("ocr-extractor", "generation"),
    ("matcher", "ranking"),
]
ALGORITHMS = {
    "classification": ["gradient-boosting", "xgboost", "logistic-regression", "transformer"],
    "embedding": ["two-tower", "transformer", "graph-neural-network"],
    "ranking": ["lambdamart", "two-tower", "transformer"],
    "forecast": ["prophet", "lightgbm", "temporal-fusion-transformer"],
    "regression": ["lightgbm", "xgboost", "neural-network"],
    "clustering": ["k-means", "hdbscan"],
    "generation": ["transformer", "llm-fine-tune"],
}
METRICS: dict[str, list[tuple[str, float, float, bool]]] = {
    # name, typical value, spread, higher is better
    "classification": [
        ("auc", 0.91, 0.05, True),
        ("precision", 0.82, 0.08, True),
        ("recall", 0.74, 0.1, True),
        ("f1", 0.78, 0.08, True),
    ],
    "embedding": [("recall-at-10", 0.62, 0.1, True), ("mrr", 0.41, 0.08, True)],
    "ranking": [("ndcg-at-10", 0.47, 0.08, True), ("mrr", 0.39, 0.07, True)],
    "forecast": [("mape", 12.5, 4.0, False), ("wape", 9.8, 3.0, False)],
    "regression": [("rmse", 4.2, 1.5, False), ("mae", 2.9, 1.0, False)],
    "clustering": [("silhouette", 0.41, 0.1, True)],
    "generation": [("rouge-l", 0.38, 0.06, True), ("human-rating", 4.1, 0.3, True)],
}
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "David",
    "Elif",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tanja",
    "Ugo",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aisha",
    "Bruno",
    "Chloe",
    "Dmitri",
    "Emma",
    "Felix",
    "Gita",
    "Hassan",
    "Ingrid",
    "Jamal",
    "Keiko",
    "Luca",
    "Maya",
    "Nils",
]
LAST = [
    "Lima",
    "Okafor",
    "Diaz",
    "Schmidt",
    "Yilmaz",
    "Haddad",
    "Kim",
    "Tanaka",
    "Moreau",
    "Berg",
    "Mensah",
    "Novak",
    "Garcia",
    "Rahman",
    "Farouk",
    "Iyer",
    "Dubois",
    "Rossi",
    "Khan",
    "Weber",
    "Conti",
    "Petrova",
    "Zhang",
    "Lopez",
    "Demir",
    "Nguyen",
    "Osei",
    "Silva",
    "Martin",
    "Ivanov",
    "Johansson",
    "Fischer",
    "Sato",
    "Ali",
    "Larsen",
    "Costa",
    "Becker",
    "Kowalski",
    "Andersen",
    "Murphy",
]
ROLES = [
    "Tech Lead",
    "ML Engineer",
    "Data Scientist",
    "MLOps Engineer",
    "Product Manager",
    "Research Scientist",
    "Data Engineer",
    "Engineering Manager",
]
PLATFORMS = [
    ("kserve", "k8s"),
    ("sagemaker", "aws"),
    ("vertex-ai", "gcp"),
    ("azure-ml", "azure"),
    ("databricks", "aws"),
    ("batch", "k8s"),
]
CLOUD_REGIONS = {
    "k8s": ["onprem/fra-1/ml-serving", "aws/eu-west-1/prod-ml-1", "gcp/us-central1/ml-gke"],
    "aws": ["aws/eu-west-1", "aws/us-east-1", "aws/ap-southeast-2"],
    "gcp": ["gcp/europe-west4", "gcp/us-central1"],
    "azure": ["azure/westeurope", "azure/eastus2"],
}
REGULATIONS = ["eu-ai-act", "gdpr", "ccpa", "sr-11-7", "pci-dss", "hipaa", "ecoa", "dora"]
CURRENCIES = ["USD", "EUR", "GBP"]
LIMITATIONS = [
    "Under-performs for {subject}s with less than 30 days of history.",
    "Not validated on traffic from markets launched after the training window.",
    "Scores drift during seasonal peaks; thresholds are re-tuned every quarter.",
    "Relies on {domain} features that arrive with up to 2 hours of delay.",
    "Calibration is poor below a score of 0.05; do not use it for ranking there.",
    "Trained on English-language data only.",
    "Cold-start {subject}s fall back to a rule-based default.",
    "Sensitive to schema changes in upstream feature pipelines.",
    "Explanations are approximate (sampled SHAP values).",
    "Performance on the long tail is measured on a small sample only.",
]
DATA_NOUNS = {
    "dataset": ["transactions", "profiles", "labels", "history", "snapshots", "events-archive"],
    "pipeline": ["etl", "daily-build", "enrichment", "feature-build", "backfill"],
    "feature-store": ["features", "features-online", "aggregates", "embeddings"],
    "stream": ["events", "clicks", "updates", "telemetry"],
}
DATA_LOCATIONS = {
    "dataset": "s3://acme-data/{name}/",
    "pipeline": "airflow://ml-pipelines/{name}",
    "feature-store": "feast://prod/{name}",
    "stream": "kafka://events/{name}",
}
CONSUMER_NOUNS = {
    "application": ["web", "mobile-app", "backoffice", "dashboard", "portal"],
    "api": ["api", "service", "gateway"],
    "business-process": ["review", "monthly-report", "audit", "planning"],
}

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,./()-]*[A-Za-z0-9.)]")


def q(text: str) -> str:
    """`text` as a YAML scalar: plain when that is unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(text) and ": " not in text and " #" not in text:
        return text
    return json.dumps(text)


def title_of(name: str) -> str:
    small = {"ml", "ai", "eta", "ltv", "ocr", "api", "hr", "emea", "amer", "apac", "dach"}
    return " ".join(w.upper() if w in small else w.capitalize() for w in name.split("-"))


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, span))


def unique_names(
    rng: random.Random, count: int, candidates: list[str], used: set[str]
) -> list[str]:
    """`count` distinct names from `candidates` (shuffled), numbered once they run out."""
    pool = list(candidates)
    rng.shuffle(pool)
    out: list[str] = []
    serial = 2
    while len(out) < count:
        if pool:
            name = pool.pop()
        else:
            name = f"{rng.choice(candidates)}-{serial}"
            serial += 1
        if name not in used and len(name) <= 63:
            used.add(name)
            out.append(name)
    return out


@dataclass
class Person:
    name: str
    email: str
    role: str


@dataclass
class Team:
    name: str
    domain: str
    members: list[Person] = field(default_factory=list)
    models: list[int] = field(default_factory=list)


@dataclass
class Asset:
    name: str
    type: str
    owner: str

    @property
    def ref(self) -> str:
        return f"{self.type}:{self.name}"


@dataclass
class ConsumerInfo:
    name: str
    type: str
    owner: str


@dataclass
class ModelInfo:
    index: int
    name: str
    team: Team
    subject: str
    task: str
    family: str
    lifecycle: str


@dataclass
class Inventory:
    teams: list[Team]
    assets: list[Asset]
    consumers: list[ConsumerInfo]
    models: list[ModelInfo]


def make_people(rng: random.Random, count: int) -> list[Person]:
    combos = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(combos)
    people: list[Person] = []
    seen: dict[str, int] = {}
    for i in range(count):
        first, last = combos[i % len(combos)]
        base = f"{first.lower()}.{last.lower()}"
        seen[base] = seen.get(base, 0) + 1
        suffix = "" if seen[base] == 1 else str(seen[base])
        people.append(Person(f"{first} {last}", f"{base}{suffix}@example.com", ""))
    return people


def build(rng: random.Random, n_models: int) -> Inventory:
    n_teams = max(4, round(n_models / 50))
    n_assets = max(4, round(n_models / 10))
    n_consumers = max(3, round(n_models / 20))

    team_domain = {f"{d}-{s}": d for d in DOMAINS for s in TEAM_SUFFIXES}
    team_domain |= {f"{c}-{r}": d for c, d in list(team_domain.items()) for r in REGIONS}
    team_names = unique_names(rng, n_teams, list(team_domain), set())
    teams = [Team(name, team_domain.get(name, DOMAINS[0])) for name in team_names]
    sizes = [rng.randint(5, 11) for _ in teams]
    people = make_people(rng, sum(sizes))
    cursor = 0
    for team, size in zip(teams, sizes, strict=True):
        team.members = people[cursor : cursor + size]
        cursor += size
        for i, member in enumerate(team.members):
            member.role = "Tech Lead" if i == 0 else rng.choice(ROLES[1:])

    data_used: set[str] = set()  # data assets share one id space across their types
    assets: list[Asset] = []
    for i in range(n_assets):
        kind = list(DATA_NOUNS)[i % len(DATA_NOUNS)]
        candidates = [f"{s}-{noun}" for s in SUBJECTS for noun in DATA_NOUNS[kind]]
        (name,) = unique_names(rng, 1, candidates, data_used)
        assets.append(Asset(name, kind, rng.choice(teams).name))

    consumer_used: set[str] = set()
    consumers: list[ConsumerInfo] = []
    for i in range(n_consumers):
        kind = list(CONSUMER_NOUNS)[i % len(CONSUMER_NOUNS)]
        candidates = [f"{s}-{noun}" for s in SUBJECTS for noun in CONSUMER_NOUNS[kind]]
        (name,) = unique_names(rng, 1, candidates, consumer_used)
        consumers.append(ConsumerInfo(name, kind, rng.choice(teams).name))

    # model name -> (subject, task); regional and versioned variants once the plain run out
    origin = {f"{s}-{t}": (s, t) for s in SUBJECTS for t, _ in TASKS}
    variants = {f"{c}-{r}": st for c, st in origin.items() for r in REGIONS}
    variants |= {f"{c}-v{v}": st for c, st in origin.items() for v in (2, 3)}
    model_used: set[str] = set()
    names = unique_names(rng, min(n_models, len(origin)), list(origin), model_used)
    if len(names) < n_models:
        names += unique_names(rng, n_models - len(names), list(variants), model_used)
    origin |= variants
    rng.shuffle(names)
    families = dict(TASKS)
    models: list[ModelInfo] = []
    for index, name in enumerate(names):
        team = teams[index % n_teams] if rng.random() < 0.3 else rng.choice(teams)
        subject, task = origin.get(_base_name(name, origin), (SUBJECTS[0], TASKS[0][0]))
        roll = rng.random()
        lifecycle = "production" if roll < 0.5 else "staging" if roll < 0.7 else "development"
        models.append(ModelInfo(index, name, team, subject, task, families[task], lifecycle))
        team.models.append(index)
    return Inventory(teams, assets, consumers, models)


def _base_name(name: str, known: dict[str, tuple[str, str]]) -> str:
    """A numbered name (`x-y-12`) back to the candidate it was made from."""
    while name not in known and "-" in name:
        name = name.rsplit("-", 1)[0]
    return name


def render_team(team: Team, rng: random.Random) -> str:
    lines = [
        "apiVersion: modelinv/v1",
        "kind: Team",
        "metadata:",
        f"  name: {team.name}",
        f"  title: {q(title_of(team.name))}",
        "  description: >-",
        f"    Builds and operates the {team.domain.replace('-', ' ')} machine learning models,",
        "    from feature pipelines to serving and monitoring.",
        f"  tags: [{team.domain}, ml]",
        "  links:",
        f'    - {{title: Team page, url: "https://wiki.example.com/teams/{team.name}"}}',
        "spec:",
        f'  contact: {{email: {team.name}@example.com, chat: "#{team.name}"}}',
        f'  handle: "@acme/{team.name}"',
        "  members:",
    ]
    lines += [f"    - {{name: {m.name}, email: {m.email}, role: {m.role}}}" for m in team.members]
    return "\n".join(lines) + "\n"


def render_asset(asset: Asset) -> str:
    status = "active"
    return (
        "\n".join(
            [
                "apiVersion: modelinv/v1",
                "kind: DataAsset",
                "metadata:",
                f"  name: {asset.name}",
                f"  title: {q(title_of(asset.name))}",
                f"  tags: [{asset.type}]",
                "spec:",
                f"  type: {asset.type}",
                f"  owner: team:{asset.owner}",
                f"  status: {status}",
                f"  location: {DATA_LOCATIONS[asset.type].format(name=asset.name)}",
            ]
        )
        + "\n"
    )


def render_consumer(consumer: ConsumerInfo) -> str:
    return (
        "\n".join(
            [
                "apiVersion: modelinv/v1",
                "kind: Consumer",
                "metadata:",
                f"  name: {consumer.name}",
                f"  title: {q(title_of(consumer.name))}",
                "spec:",
                f"  type: {consumer.type}",
                f"  owner: team:{consumer.owner}",
                f"  contact: {{email: {consumer.name}@example.com}}",
            ]
        )
        + "\n"
    )


def _number(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def render_model(m: ModelInfo, inv: Inventory, rng: random.Random, shape: str = "dag") -> str:
    maintainer = rng.choice(m.team.members)
    reviewer = rng.choice([p for p in m.team.members if p is not maintainer] or [maintainer])
    created = day(rng, dt.date(2021, 1, 1), dt.date(2026, 5, 1))
    algorithm = rng.choice(ALGORITHMS[m.family])
    lines = [
        "apiVersion: modelinv/v1",
        "kind: Model",
        "metadata:",
        f"  name: {m.name}",
        f"  title: {q(title_of(m.name))}",
        "  description: >-",
        f"    {title_of(m.task)} for {m.subject}s, built by the {m.team.name} team with",
        f"    {algorithm.replace('-', ' ')} on {m.team.domain.replace('-', ' ')} data.",
        f"  tags: [{m.team.domain}, {m.family}, {algorithm}]",
        "  links:",
        f'    - {{title: Runbook, url: "https://wiki.example.com/runbooks/{m.name}"}}',
        f'    - {{title: Dashboard, url: "https://grafana.example.com/d/{m.name}"}}',
        "  annotations:",
        f'    example.com/cost-center: "cc-{rng.randint(1000, 9999)}"',
        "spec:",
        f"  lifecycle: {m.lifecycle}",
        f"  owner: team:{m.team.name}",
        "  maintainer:",
        f"    name: {maintainer.name}",
        f"    email: {maintainer.email}",
        f"  created: {created}",
        "  deployments:",
    ]
    envs = {"production": ["production", "staging"], "staging": ["staging"]}.get(
        m.lifecycle, ["development"]
    )
    platform, cloud = rng.choice(PLATFORMS)
    location = rng.choice(CLOUD_REGIONS[cloud])
    for env in envs:
        host = "ml.example.com" if env == "production" else f"ml.{env}.example.com"
        lines += [
            f"    - environment: {env}",
            f"      platform: {platform}",
            f"      location: {location}",
            f'      endpoint: "https://{host}/v1/models/{m.name}"',
        ]
        if env == m.lifecycle:
            lines.append(f"      resource: {m.team.domain}/inferenceservice/{m.name}")
    lines.append("  trainingData:")
    trained = rng.sample(inv.assets, k=min(len(inv.assets), rng.randint(1, 2)))
    for asset in trained:
        start = day(rng, created - dt.timedelta(days=3 * 365), created - dt.timedelta(days=180))
        end = day(rng, start + dt.timedelta(days=90), min(TODAY, start + dt.timedelta(days=900)))
        lines.append(f"    - {{source: {asset.ref}, from: {start}, to: {end}}}")
    lines.append("  metrics:")
    for name, typical, spread, higher in rng.sample(
        METRICS[m.family], k=1 if len(METRICS[m.family]) == 1 else 2
    ):
        value = max(0.001, rng.gauss(typical, spread / 3))
        threshold = value * (0.95 if higher else 1.05)
        evaluated = day(rng, TODAY - dt.timedelta(days=60), TODAY)
        lines += [
            f"    - name: {name}",
            f"      value: {_number(value, 3)}",
            f"      threshold: {_number(threshold, 2)}",
        ]
        if not higher:
            lines.append("      higherIsBetter: false")
        lines += [f"      evaluated: {evaluated}", "      history:"]
        point = max(0.001, value + rng.gauss(0, spread / 10))
        when = evaluated - dt.timedelta(days=91)  # history is older than `evaluated` (TM008)
        lines.append(f"        - {{value: {_number(point, 3)}, evaluated: {when}}}")
    lines += [
        "  slo:",
        f"    latencyP99Ms: {rng.choice([25, 50, 80, 120, 250, 500, 1500])}",
        f"    availability: {rng.choice(['99', '99.5', '99.9', '99.95'])}",
    ]
    earlier = [inv.models[i] for i in m.team.models if i < m.index]
    pool = earlier if earlier and rng.random() < 0.7 else inv.models[: m.index]
    upstream_models = (
        rng.sample(pool, k=min(len(pool), rng.choice([0, 1, 1, 2, 3])))
        if shape == "dag"
        else _previous_model(m, inv, shape)
    )
    upstream = [f"model:{u.name}" for u in upstream_models]
    upstream += [a.ref for a in rng.sample(inv.assets, k=min(len(inv.assets), 2))]
    lines.append("  upstream:")
    lines += [f"    - {ref}" for ref in upstream]
    if m.lifecycle == "development" and rng.random() < 0.5:
        lines.append("  consumers: []")
    else:
        lines.append("  consumers:")
        picked = rng.sample(inv.consumers, k=min(len(inv.consumers), rng.randint(1, 3)))
        lines += [f"    - consumer:{c.name}" for c in picked]
    risk = rng.choice(["minimal", "limited", "limited", "high"])
    regulations = rng.sample(REGULATIONS, k=rng.randint(1, 3))
    monthly = rng.choice([120, 450, 900, 1800, 4200, 9500, 23000])
    schedule = rng.choice(["daily", "weekly", "monthly", "monthly", "quarterly", "on-demand"])
    lines += [
        "  compliance:",
        f"    riskLevel: {risk}",
        f"    regulations: [{', '.join(regulations)}]",
        f"    lastAudit: {day(rng, TODAY - dt.timedelta(days=365), TODAY)}",
        "  cost:",
        f"    monthly: {monthly}",
        f"    perPrediction: {_number(monthly / rng.randint(1_000_000, 90_000_000), 6)}",
        f"    currency: {rng.choice(CURRENCIES)}",
        "  retraining:",
        f"    schedule: {schedule}",
        f"    lastRetrained: {day(rng, max(created, TODAY - dt.timedelta(days=120)), TODAY)}",
        "  limitations:",
    ]
    for text in rng.sample(LIMITATIONS, k=2):
        lines.append(f"    - {q(text.format(subject=m.subject, domain=m.team.domain))}")
    lines += [
        "  documentation:",
        f'    url: "https://docs.example.com/models/{m.name}"',
        f"    updated: {day(rng, created, TODAY)}",
        f"  review: {{lastReviewed: {day(rng, TODAY - dt.timedelta(days=180), TODAY)}, "
        f"reviewer: {reviewer.name}}}",
    ]
    return "\n".join(lines) + "\n"


# --- defects ---------------------------------------------------------------------------

Defect = Callable[[list[str], random.Random, set[str]], list[str]]
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _previous_model(m: ModelInfo, inv: Inventory, shape: str) -> list[ModelInfo]:
    """A chain's only upstream model: the one generated before; in a cycle the first model
    depends on the last."""
    before = m.index - 1 if m.index or shape == "chain" else len(inv.models) - 1
    return [inv.models[before]] if before >= 0 and before != m.index else []


def _find(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def _typo(name: str, rng: random.Random, known: set[str]) -> str:
    """A plausible wrong id that is still well-formed and names nothing in the catalog."""
    for candidate in (name[:-1], f"{name}-legacy", f"{name}s", f"old-{name}"):
        if _ID.fullmatch(candidate) and candidate not in known and rng.random() < 0.7:
            return candidate
    return f"{name}-legacy" if f"{name}-legacy" not in known else f"{name}-old-{rng.randint(2, 99)}"


def _dangling_reference(lines: list[str], rng: random.Random, known: set[str]) -> list[str]:
    # an upstream model or data asset that was renamed, or a typo in its id
    i = _find(lines, "  upstream:") + 1
    prefix, name = lines[i].split(":", 1)
    lines[i] = f"{prefix}:{_typo(name, rng, known)}"
    return lines


def _unknown_owner(lines: list[str], rng: random.Random, known: set[str]) -> list[str]:
    i = _find(lines, "  owner: team:")
    lines[i] = f"  owner: team:{_typo(lines[i].split('team:', 1)[1], rng, known)}"
    return lines


def _type_error(lines: list[str], rng: random.Random, known: set[str]) -> list[str]:
    if rng.random() < 0.5:
        i = _find(lines, "    monthly: ")
        lines[i] = f"    monthly: {lines[i].split(': ')[1]} USD"  # text where a number goes
    else:
        i = _find(lines, "    latencyP99Ms: ")
        lines[i] = f"    latencyP99Ms: {lines[i].split(': ')[1]}ms"
    return lines


def _duplicate_key(lines: list[str], rng: random.Random, known: set[str]) -> list[str]:
    # a second `lifecycle` added further down instead of editing the first one
    lines.insert(_find(lines, "  created: ") + 1, "  lifecycle: deprecated")
    return lines


def _impossible_date(lines: list[str], rng: random.Random, known: set[str]) -> list[str]:
    i = _find(lines, "    lastAudit: ")
    lines[i] = f"    lastAudit: 2026-{rng.choice(['02-30', '04-31', '06-31', '09-31', '02-29'])}"
    return lines


def _bad_yaml(lines: list[str], rng: random.Random, known: set[str]) -> list[str]:
    if rng.random() < 0.5:
        i = _find(lines, "  tags: [")
        lines[i] = lines[i].rstrip("]")  # unclosed flow sequence
    else:
        i = _find(lines, "    - name: ")  # first metric: one space short of its siblings
        lines[i + 1] = lines[i + 1][1:]
    return lines


DEFECTS: dict[str, Defect] = {
    "dangling-reference": _dangling_reference,
    "unknown-owner": _unknown_owner,
    "type-error": _type_error,
    "duplicate-key": _duplicate_key,
    "impossible-date": _impossible_date,
    "bad-yaml": _bad_yaml,
}


def broken_indices(n_models: int, broken: int, rng: random.Random) -> list[int]:
    """`broken` distinct model indices spread evenly over the catalog, with some jitter."""
    if broken <= 0:
        return []
    step = n_models / broken
    return sorted({min(n_models - 1, int(j * step + rng.random() * step)) for j in range(broken)})


# --- output ----------------------------------------------------------------------------


def generate(
    out: Path, n_models: int, broken: int = 0, seed: int = 1, shape: str = "dag"
) -> dict[str, object]:
    """Write the catalog under `out` (replacing it) and return a summary."""
    if broken > n_models:
        raise ValueError("--broken cannot exceed --models")
    rng = random.Random(seed)
    inv = build(rng, n_models)
    if out.exists():
        shutil.rmtree(out)
    folders = {k: out / k for k in ("models", "teams", "data", "consumers")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for team in inv.teams:
        (folders["teams"] / f"{team.name}.yaml").write_text(render_team(team, rng), "utf-8")
    for asset in inv.assets:
        (folders["data"] / f"{asset.name}.yaml").write_text(render_asset(asset), "utf-8")
    for consumer in inv.consumers:
        path = folders["consumers"] / f"{consumer.name}.yaml"
        path.write_text(render_consumer(consumer), "utf-8")
    defect_rng = random.Random(seed * 7919 + broken)
    to_break = broken_indices(n_models, broken, defect_rng)
    kinds = list(DEFECTS)
    defects: dict[str, str] = {}
    position = {index: j for j, index in enumerate(to_break)}
    total_lines = 0
    known = {t.name for t in inv.teams} | {a.name for a in inv.assets}
    known |= {m.name for m in inv.models}
    for m in inv.models:
        text = render_model(m, inv, rng, shape)
        if m.index in position:
            kind = kinds[position[m.index] % len(kinds)]
            lines = DEFECTS[kind](text.splitlines(), defect_rng, known)
            text = "\n".join(lines) + "\n"
            defects[f"models/{m.name}.yaml"] = kind
        total_lines += text.count("\n")
        (folders["models"] / f"{m.name}.yaml").write_text(text, "utf-8")
    return {
        "models": n_models,
        "teams": len(inv.teams),
        "data_assets": len(inv.assets),
        "consumers": len(inv.consumers),
        "files": n_models + len(inv.teams) + len(inv.assets) + len(inv.consumers),
        "model_lines_mean": round(total_lines / max(n_models, 1), 1),
        "lifecycles": {
            lc: sum(1 for m in inv.models if m.lifecycle == lc)
            for lc in ("production", "staging", "development")
        },
        "seed": seed,
        "shape": shape,
        "broken": defects,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="catalog root to (re)create")
    parser.add_argument("--models", type=int, required=True, help="number of model files")
    parser.add_argument("--broken", type=int, default=0, help="model files with one defect")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--summary", type=Path, help="also write the summary as JSON here")
    parser.add_argument(
        "--shape",
        choices=("dag", "chain", "cycle"),
        default="dag",
        help="model-to-model dependencies: random DAG (default), one chain, one cycle",
    )
    args = parser.parse_args(argv)
    if args.models < 1 or not 0 <= args.broken <= args.models:
        parser.error("need --models >= 1 and 0 <= --broken <= --models")
    summary = generate(args.out_dir, args.models, args.broken, args.seed, args.shape)
    if args.summary:
        args.summary.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    broken = summary["broken"]
    count = len(broken) if isinstance(broken, dict) else 0
    print(
        f"wrote {summary['files']} files to {args.out_dir}: {args.models} models "
        f"(~{summary['model_lines_mean']} lines each), {summary['teams']} teams, "
        f"{summary['data_assets']} data assets, {summary['consumers']} consumers; "
        f"{count} broken"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
