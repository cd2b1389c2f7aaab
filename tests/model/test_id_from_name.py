"""A platform's name made a catalog id (`id_from_name`): what MLflow, Prometheus and a
manifest's metadata.name are matched and scaffolded by."""

from __future__ import annotations

import pytest

from modelinv.model.refs import id_from_name, is_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ShadowScorer_v2", "shadow-scorer-v2"),
        ("fraud-detector", "fraud-detector"),
        ("team.fraud detector", "team-fraud-detector"),
        # accents dropped, never the letter they sit on (was d-tecteur-fraude)
        ("Détecteur-Fraude", "detecteur-fraude"),
        ("DétecteurFraude", "detecteur-fraude"),
        ("Prévision_Demande", "prevision-demande"),
        ("Straße-Modell", "strasse-modell"),
        ("İstanbulModel", "istanbul-model"),
        ("\uff46raud", "raud"),  # a fullwidth f is a look-alike, never made an f
        ("模型", "unnamed"),
        ("", "unnamed"),
    ],
)
def test_a_name_made_an_id(name: str, expected: str) -> None:
    assert id_from_name(name) == expected
    assert is_id(id_from_name(name))
