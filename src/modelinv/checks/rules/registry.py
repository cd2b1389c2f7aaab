"""The explicit list of rules. Adding a rule means adding its module here; grep finds all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from modelinv.checks.rules import (
    cmp001_incomplete_model,
    gr001_depends_on_deprecated,
    gr002_depends_on_retired,
    gr003_production_on_development,
    gr004_trained_on_retired,
    gr005_replacement_retired,
    id001_invalid_id,
    id002_id_file_mismatch,
    id003_duplicate_id,
    id004_wrong_folder,
    lc001_lifecycle_skip,
    lc002_production_not_ready,
    lc003_deprecation_incomplete,
    lc004_archive_incomplete,
    lc005_entity_deleted,
    lc006_entity_renamed,
    lc007_unacceptable_risk,
    lc008_lifecycle_move_unchecked,
    own001_unknown_owner,
    own002_maintainer_email,
    own003_team_contact,
    own004_maintainer_not_member,
    own005_codeowners_drift,
    ref001_unknown_reference,
    ref002_disallowed_kind,
    ref003_invalid_reference,
    ref004_self_reference,
    ref005_dependency_cycle,
    sch001_unknown_field,
    sch002_missing_field,
    sch003_wrong_type,
    sch004_invalid_value,
    sch005_invalid_date,
    sch006_invalid_email,
    sch007_invalid_url,
    sch008_invalid_number,
    sch009_empty_string,
    sch010_unsafe_characters,
    sch011_unknown_kind,
    sec001_likely_secret,
    tm001_review_overdue,
    tm002_audit_overdue,
    tm003_retraining_overdue,
    tm004_past_decommission,
    tm005_documentation_stale,
    tm006_evaluation_stale,
    tm007_date_in_the_future,
    tm008_history_after_evaluation,
    tmp001_leftover_temp_file,
    wv001_waiver_expired,
    wv002_waiver_unknown_rule,
    wv003_waiver_unused,
    yml001_syntax,
    yml002_duplicate_key,
    yml003_tag,
    yml004_anchor,
    yml005_multiple_documents,
    yml006_directive,
    yml007_empty_file,
    yml008_encoding,
    yml009_tab_indentation,
    yml010_file_refused,
    yml011_too_deep,
    yml012_unsafe_file_name,
)
from modelinv.checks.rules.base import Rule, Stage
from modelinv.findings import Finding
from modelinv.governance.context import Context, FileContext
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader import Document
from modelinv.model import Entity


class DocumentedRule(Protocol):
    """A rule whose findings come from the loader or the schema stage: the module holds its
    code and documentation, the finding is made where the problem is seen."""

    RULE: Rule


class EntityRule(Protocol):
    """A rule that reads one valid entity and its file."""

    RULE: Rule

    def check(self, entity: Entity, doc: Document, file: FileContext, /) -> Iterator[Finding]: ...


class CatalogRule(Protocol):
    """A rule that reads the whole index: facts and references, never entities."""

    RULE: Rule

    def check(self, index: Index, /) -> Iterator[Finding]: ...


class TransitionRule(Protocol):
    """A rule that compares the inventory at a git ref with the working tree's."""

    RULE: Rule

    def check(self, base: Inventory, head: Inventory, /) -> Iterator[Finding]: ...


DOCUMENTED_RULES: tuple[DocumentedRule, ...] = (
    yml001_syntax,
    yml002_duplicate_key,
    yml003_tag,
    yml004_anchor,
    yml005_multiple_documents,
    yml006_directive,
    yml007_empty_file,
    yml008_encoding,
    yml009_tab_indentation,
    yml010_file_refused,
    yml011_too_deep,
    yml012_unsafe_file_name,
    sch001_unknown_field,
    sch002_missing_field,
    sch003_wrong_type,
    sch004_invalid_value,
    sch005_invalid_date,
    sch006_invalid_email,
    sch007_invalid_url,
    sch008_invalid_number,
    sch009_empty_string,
    sch010_unsafe_characters,
    sch011_unknown_kind,
    id001_invalid_id,
    own002_maintainer_email,
    ref003_invalid_reference,
)

ENTITY_RULES: tuple[EntityRule, ...] = (
    id002_id_file_mismatch,
    id004_wrong_folder,
    own003_team_contact,
    ref004_self_reference,
    cmp001_incomplete_model,
    lc003_deprecation_incomplete,
    lc004_archive_incomplete,
    lc007_unacceptable_risk,
    tm001_review_overdue,
    tm002_audit_overdue,
    tm003_retraining_overdue,
    tm004_past_decommission,
    tm005_documentation_stale,
    tm006_evaluation_stale,
    tm007_date_in_the_future,
    tm008_history_after_evaluation,
    wv001_waiver_expired,
    wv002_waiver_unknown_rule,
    sec001_likely_secret,
)

CATALOG_RULES: tuple[CatalogRule, ...] = (
    id003_duplicate_id,
    own001_unknown_owner,
    own004_maintainer_not_member,
    own005_codeowners_drift,
    ref001_unknown_reference,
    ref002_disallowed_kind,
    ref005_dependency_cycle,
    gr001_depends_on_deprecated,
    gr002_depends_on_retired,
    gr003_production_on_development,
    gr004_trained_on_retired,
    gr005_replacement_retired,
    tmp001_leftover_temp_file,
)

TRANSITION_RULES: tuple[TransitionRule, ...] = (
    lc001_lifecycle_skip,
    lc002_production_not_ready,
    lc005_entity_deleted,
    lc006_entity_renamed,
    lc008_lifecycle_move_unchecked,
)


class WaiverRule(Protocol):
    """A rule that reads every other stage's findings, before waivers, with the index."""

    RULE: Rule

    def check(
        self, index: Index, findings: Iterable[Finding], judged: frozenset[str], /
    ) -> Iterator[Finding]: ...


WAIVER_RULES: tuple[WaiverRule, ...] = (wv003_waiver_unused,)

_ALL: tuple[DocumentedRule, ...] = (
    *DOCUMENTED_RULES,
    *ENTITY_RULES,
    *CATALOG_RULES,
    *TRANSITION_RULES,
    *WAIVER_RULES,
)
# The order of `modelinv rules`, docs/rules.md and SARIF's rule list: families in the order
# a file meets them, then by number.
FAMILIES = ("YML", "SCH", "ID", "OWN", "REF", "CMP", "LC", "TM", "GR", "SEC", "WV")


def _order(module: DocumentedRule) -> tuple[int, str]:
    family = module.RULE.code.rstrip("0123456789")
    return (FAMILIES.index(family) if family in FAMILIES else len(FAMILIES), module.RULE.code)


RULES: dict[str, Rule] = {m.RULE.code: m.RULE for m in sorted(_ALL, key=_order)}

# YAML and schema findings cannot be waived: a file that does not parse or validate carries
# no waivers that could be trusted. Nor can the waiver rules themselves, nor a duplicate id
# (ID003): one id must name one entity, and the site, the exports and every reference
# take the first file declaring it (a waived duplicate would vanish from them unseen).
UNWAIVABLE_STAGES = (Stage.YAML, Stage.SCHEMA)
UNWAIVABLE_CODES = frozenset({"ID003"})
WAIVABLE: frozenset[str] = frozenset(
    code
    for code, r in RULES.items()
    if r.stage not in UNWAIVABLE_STAGES and code[:2] != "WV" and code not in UNWAIVABLE_CODES
)


def waivable(code: str) -> bool:
    return code in WAIVABLE


def judged_waivers(context: Context) -> frozenset[str]:
    """The codes whose waivers WV003 judges: every waivable code but those of the rules
    checked only with `--base` (a run without it cannot tell whether they are needed)."""
    transition = {m.RULE.code for m in TRANSITION_RULES}
    return waivable_codes(context) - transition


def waivable_codes(context: Context) -> frozenset[str]:
    """Every code a waiver may name: the built-in rules past the YAML and schema stages
    and the organisation's own rules."""
    return WAIVABLE | context.org_codes


def find(code_or_name: str) -> Rule | None:
    wanted = code_or_name.upper()
    for found in RULES.values():
        if found.code == wanted or found.name == code_or_name.lower():
            return found
    return None
