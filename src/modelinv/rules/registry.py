"""The explicit list of rules. Adding a rule means adding its module here; grep finds all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from modelinv.catalog import Catalog
from modelinv.context import FileContext
from modelinv.findings import Finding
from modelinv.loader import Document
from modelinv.model import Entity
from modelinv.rules import (
    cmp001_incomplete_model,
    gr001_depends_on_deprecated,
    gr002_depends_on_retired,
    gr003_production_on_development,
    gr004_trained_on_retired,
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
    tm001_review_overdue,
    tm002_audit_overdue,
    tm003_retraining_overdue,
    tm004_past_decommission,
    tm005_documentation_stale,
    tm006_evaluation_stale,
    tmp001_leftover_temp_file,
    wv001_waiver_expired,
    wv002_waiver_unknown_rule,
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
)
from modelinv.rules.base import Rule, Stage

EntityCheck = Callable[[Entity, Document, FileContext], Iterator[Finding]]
CatalogCheck = Callable[[Catalog], Iterator[Finding]]
# (catalog at the base ref, working tree): positions in the working tree's files.
TransitionCheck = Callable[[Catalog, Catalog], Iterator[Finding]]

_MODULES: tuple[ModuleType, ...] = (
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
    id002_id_file_mismatch,
    id003_duplicate_id,
    id004_wrong_folder,
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
    cmp001_incomplete_model,
    lc001_lifecycle_skip,
    lc002_production_not_ready,
    lc003_deprecation_incomplete,
    lc004_archive_incomplete,
    lc005_entity_deleted,
    lc006_entity_renamed,
    lc007_unacceptable_risk,
    tm001_review_overdue,
    tm002_audit_overdue,
    tm003_retraining_overdue,
    tm004_past_decommission,
    tm005_documentation_stale,
    tm006_evaluation_stale,
    gr001_depends_on_deprecated,
    gr002_depends_on_retired,
    gr003_production_on_development,
    gr004_trained_on_retired,
    tmp001_leftover_temp_file,
    wv001_waiver_expired,
    wv002_waiver_unknown_rule,
)

RULES: dict[str, Rule] = {m.RULE.code: m.RULE for m in _MODULES}
ENTITY_CHECKS: tuple[EntityCheck, ...] = tuple(
    m.check for m in _MODULES if m.RULE.stage is Stage.ENTITY
)
CATALOG_CHECKS: tuple[CatalogCheck, ...] = tuple(
    m.check for m in _MODULES if m.RULE.stage is Stage.CATALOG
)
TRANSITION_CHECKS: tuple[TransitionCheck, ...] = tuple(
    m.check for m in _MODULES if m.RULE.stage is Stage.TRANSITION
)


def find(code_or_name: str) -> Rule | None:
    wanted = code_or_name.upper()
    for found in RULES.values():
        if found.code == wanted or found.name == code_or_name.lower():
            return found
    return None
