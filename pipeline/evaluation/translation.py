"""Translation quality on FLORES-101 dev sv->en, scored with sacrebleu (chrF2 and BLEU).

The shared folder holds six systems' recorded outputs with their published
scores; scoring those files reproduces the scores, which checks this scorer.
`--backend` translates the Swedish side (or its first lines) and scores that;
`--names` counts the names that come back as written, with and without placeholders.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import sacrebleu

from pipeline.config import SHARED_CORPORA, Settings
from pipeline.records import Analysis, CleanDocument, LanguageGuess, Source
from pipeline.translate import Translator
from pipeline.translate.names import name_spans

FLORES = Path("mt-eval/flores-sv-en")


@dataclass(frozen=True)
class Scores:
    system: str
    segments: int
    chrf: float
    bleu: float
    failed_segments: int = 0
    seconds: float | None = None

    def line(self) -> str:
        extra = f"  failed segments {self.failed_segments}" if self.failed_segments else ""
        timing = f"  {self.seconds:.1f} s" if self.seconds is not None else ""
        return f"{self.system}: chrF2 {self.chrf:.1f}  BLEU {self.bleu:.1f}  ({self.segments} segments){extra}{timing}"


def flores_lines(data_dir: Path, name: str) -> list[str]:
    return (data_dir / FLORES / name).read_text(encoding="utf-8").splitlines()


def score(system: str, hypotheses: list[str], references: list[str], **extra) -> Scores:
    """sacrebleu 2.x corpus chrF (chrF2, its default) and BLEU with default settings."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{system}: {len(hypotheses)} lines against {len(references)} references")
    chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
    bleu = sacrebleu.corpus_bleu(hypotheses, [references]).score
    return Scores(system, len(hypotheses), chrf, bleu, **extra)


def score_hypothesis_file(path: Path, data_dir: Path = SHARED_CORPORA) -> Scores:
    """Score a recorded output (one line per FLORES dev segment, or its first N lines)."""
    hypotheses = path.read_text(encoding="utf-8").splitlines()
    references = flores_lines(data_dir, "flores-dev.en")[: len(hypotheses)]
    return score(path.name, hypotheses, references)


def recorded_systems(data_dir: Path = SHARED_CORPORA) -> list[Path]:
    """The recorded system outputs (flores-dev.<system>.en), reference excluded."""
    return sorted(p for p in (data_dir / FLORES).glob("flores-dev.*.en") if p.name != "flores-dev.en")


def evaluate_backend(settings: Settings, limit: int | None, data_dir: Path = SHARED_CORPORA) -> Scores:
    """Translate the first `limit` Swedish segments one by one and score them; a failed
    segment counts as an empty hypothesis. One segment is one "article" for the time budget."""
    sources = flores_lines(data_dir, "flores-dev.sv")[:limit]
    references = flores_lines(data_dir, "flores-dev.en")[: len(sources)]
    translator = Translator(settings)
    started = time.monotonic()
    results = [translator.translate_text(line) for line in sources]
    hypotheses = [r.text if r.status in ("ok", "partial") and r.text else "" for r in results]
    failed = sum(1 for r in results if r.status == "failed")
    name = ",".join(settings.translators)
    return score(name, hypotheses, references, failed_segments=failed, seconds=time.monotonic() - started)




@dataclass(frozen=True)
class NameSurvival:
    system: str
    segments: int
    names: int
    kept_with_placeholders: int
    kept_in_clear: int

    def line(self) -> str:
        def share(kept: int) -> str:
            return f"{kept}/{self.names} ({100 * kept / max(1, self.names):.1f}%)"

        return (f"{self.system}: names kept as written in {self.segments} segments: with placeholders "
                f"{share(self.kept_with_placeholders)}, in clear {share(self.kept_in_clear)}")


def name_survival(settings: Settings, limit: int | None, data_dir: Path = SHARED_CORPORA) -> NameSurvival:
    """Translate the first `limit` Swedish segments that hold names (the PERSON/ORG/PLACE entities the
    Swedish model finds, cut to their proper names) twice, with the names as placeholders and in clear,
    and count the names found verbatim in each output: the measure that chooses how to protect them."""
    from pipeline import nlp

    sources = flores_lines(data_dir, "flores-dev.sv")[:limit]
    analyses = list(nlp.analyse_texts(nlp.load(settings.model), sources))
    named = [(text, analysis, [text[start:end] for start, end in name_spans(text, analysis, offsets=True)])
             for text, analysis in zip(sources, analyses)]
    named = [(text, analysis, names) for text, analysis, names in named if names]
    translator = Translator(settings)
    kept = {True: 0, False: 0}
    for number, (text, analysis, names) in enumerate(named):
        document = CleanDocument(f"flores-dev-{number}", Source(path="flores-dev.sv"), "", text, language=LanguageGuess("sv", 1.0))
        for protected in kept:
            result = translator.translate_article(document, analysis if protected else Analysis())
            kept[protected] += sum(1 for name in names if name in (result.text or ""))
    return NameSurvival(",".join(settings.translators), len(named), sum(len(names) for *_, names in named), kept[True], kept[False])
