"""Freeze the shipped model's annotations of each construction's example into a test fixture.

tests/test_role_constructions.py builds a Doc from them by hand, so retraining the model cannot break
the construction tests. Run after adding a construction to pipeline/data/roles/constructions.jsonl:

    .venv/bin/python scripts/freeze_role_construction_docs.py
"""
from __future__ import annotations

import json
from pipeline import model_components
from pipeline.config import model_path
from pipeline.roles.rules import constructions

nlp = model_components.load_model(model_path())
with open("tests/fixtures/role-construction-docs.jsonl", "w", encoding="utf-8") as out:
    for entry in constructions():
        doc = nlp(entry["example"])
        out.write(json.dumps({
            "id": entry["id"],
            "words": [t.text for t in doc],
            "spaces": [bool(t.whitespace_) for t in doc],
            "pos": [t.pos_ for t in doc],
            "morphs": [str(t.morph) for t in doc],
            "deps": [t.dep_ for t in doc],
            "heads": [t.head.i for t in doc],
            "ents": [t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else "") for t in doc],
        }, ensure_ascii=False) + "\n")
