"""`modelinv new model`: the text of a new development model, checked like any edit."""

from __future__ import annotations

import re
from pathlib import Path

from modelinv.edit.result import Change, Refused
from modelinv.edit.scalars import scalar_text
from modelinv.edit.verify import check_edit
from modelinv.edit.write import refuse_links
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile, shown_path, shown_root
from modelinv.model import Team, parse_ref
from modelinv.model.refs import ID_MAX_LENGTH, ID_PATTERN
from modelinv.support.suggest import did_you_mean

MODELINE = "# yaml-language-server: $schema=../../schemas/model.schema.json"
_ID = re.compile(ID_PATTERN)


def new_model(
    catalog: Inventory,
    name: str,
    owner: str,
    maintainer_name: str,
    maintainer_email: str,
    title: str | None = None,
) -> Change:
    root = Path(catalog.root)
    rel = f"models/{name}.yaml"
    display = shown_path(shown_root(root), rel)
    path = root / "models" / f"{name}.yaml"
    refuse_links(path, display, root)  # `models` a link: the file would land outside
    reasons = _problems(catalog, name, path, owner)
    if reasons:
        raise Refused(display, [f"cannot create model: {r}" for r in reasons])
    owner_ref = owner if ":" in owner else f"team:{owner}"
    text = model_text(
        name,
        _title(name) if title is None else title,  # `--title ''` is refused, not replaced
        owner_ref,
        maintainer_name,
        maintainer_email,
        catalog.context.today.isoformat(),
    )
    data = text.encode("utf-8")
    check_edit(catalog, SourceFile(str(path), display, rel), None, data, ())
    return Change(path, display, None, data, f"model:{name}: new development model")


def model_text(name: str, title: str, owner: str, maintainer: str, email: str, created: str) -> str:
    return "\n".join(
        [
            MODELINE,
            "apiVersion: modelinv/v1",
            "kind: Model",
            "metadata:",
            f"  name: {scalar_text(name)}",  # quoted when YAML would read it otherwise (123)
            f"  title: {scalar_text(title)}",
            "spec:",
            "  lifecycle: development",
            f"  owner: {scalar_text(owner)}",
            f"  maintainer: {{name: {scalar_text(maintainer)}, email: {scalar_text(email)}}}",
            f"  created: {created}",
            "",
        ]
    )


def _problems(catalog: Inventory, name: str, path: Path, owner: str) -> list[str]:
    reasons = []
    if not _ID.fullmatch(name) or len(name) > ID_MAX_LENGTH:
        reasons.append(
            f"invalid id '{name}': use lowercase letters, digits and single hyphens, "
            f"at most {ID_MAX_LENGTH} characters"
        )
    elif catalog.index.by_id.get(("Model", name)):
        found = catalog.index.by_id[("Model", name)][0].display
        reasons.append(f"model '{name}' already exists ({found})")
    elif path.exists() or path.is_symlink() or path.with_suffix(".yml").exists():
        reasons.append(f"{path.name} already exists")
    ref = parse_ref(owner if ":" in owner else f"team:{owner}")
    entry = catalog.lookup(ref) if ref is not None and ref.kind == "Team" else None
    if entry is None or not isinstance(catalog.entity(entry), Team):
        hint = did_you_mean(ref.name if ref else owner, catalog.ids("Team"))
        hint = hint.replace("'", "'team:", 1) if hint else ""
        reasons.append(
            f"owner '{owner}' is not a team in the catalog" + (f" ({hint})" if hint else "")
        )
    return reasons


def _title(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split("-"))
