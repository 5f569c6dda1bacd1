"""Inputs are streamed: a large JSONL file is never held in memory."""

from __future__ import annotations

import json
import tracemalloc

from pipeline.ingest import InputLimits, iter_local_documents

RECORD_TEXT = "Kommunstyrelsen i Botkyrka beslutade i går att bygga en ny skola i Fittja. " * 25


def test_a_large_jsonl_file_is_read_in_constant_memory(tmp_path):
    path = tmp_path / "large.jsonl"
    with path.open("w", encoding="utf-8") as file:
        for n in range(20_000):
            file.write(json.dumps({"id": f"a{n}", "text": RECORD_TEXT}, ensure_ascii=False) + "\n")
    size_mb = path.stat().st_size / 2**20
    assert size_mb > 35

    tracemalloc.start()
    count = sum(1 for _ in iter_local_documents([str(path)], InputLimits(max_bytes=2**20)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 20_000
    assert peak < 2 * 2**20, f"peak {peak / 2**20:.1f} MB while reading {size_mb:.0f} MB"
