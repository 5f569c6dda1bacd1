"""Accuracy and speed of the Swedish pipeline on the carved dev slices.

`pipeline eval nlp` prints every figure the model is judged on (NER P/R/F
overall and per label on each corpus's dev slice and on the sentences written
for this project, POS, LAS, lemma accuracy, words/s, size, load time and the
sample article), each beside its target; `pipeline eval ner --data FILE`
scores any IO/IOB/CoNLL or `.spacy` file the same way.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from pipeline.config import SHARED_CORPORA
from pipeline.evaluation.corpora import (
    NER_CORPORA,
    annotated_labels,
    conllu_docs,
    ner_corpus_split,
    read_tagged_sentences,
    sentences_to_docs,
    talbanken_split,
)
from pipeline.model_components import load_model

# Gold files may name labels the way the output contract does; the model emits PER/ORG/LOC/MISC.
GOLD_LABEL_ALIASES = {"PERSON": "PER", "PLACE": "LOC", "GPE": "LOC", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
SAMPLE_ARTICLE = Path("samples/botkyrka-trygghetskonferens-2024-02-16.txt")
# What DESIGN.md says the sample article must yield.
SAMPLE_PEOPLE = ("Alvaro Fuentes", "Björn Johansson", "Åsa Winfridsson", "Stina Lundgren", "Mi Sundquist")
SAMPLE_ORGS = (
    "Botkyrka kommun", "Botkyrkabyggen", "MTR", "Länsstyrelsen", "polisen", "Kungsvåningen", "Nobina",
    "Trafikförvaltningen Region Stockholm", "BRÅ", "Företagarna", "Stockholms handelskammare",
    "Livsmedelshandlarna", "SKR",
)
SAMPLE_PLACES = ("Botkyrka", "Fittja", "Stockholm")
# Sentences in 2020s Swedish news style written and annotated blind for this project (CC BY 4.0):
# JSON lines {"id", "text", "entities": [[start, end, label], ...]}.
WRITTEN_SET = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ner-written-dev.jsonl"
WRITTEN = "written"
# The slice whose figures carry the plain names (ner_f, ner_f_PER, ...); the others are prefixed with their name.
MAIN_SLICE = "klintan"


@dataclass(frozen=True)
class Target:
    name: str
    minimum: float


TARGETS = (
    Target("ner_f", 0.80), Target("ner_f_ORG", 0.68), Target("ner_f_PER", 0.90),
    Target("uner_ner_f_PER", 0.85), Target("uner_ner_f_ORG", 0.60),
    Target("written_ner_f_PER", 0.85), Target("written_ner_f_ORG", 0.60),
    Target("pos_acc", 0.93), Target("dep_las", 0.74), Target("words_per_second", 10_000),
    Target("sample_people", 5), Target("sample_orgs", 10), Target("sample_places", 3),
)
MAX_SIZE_MB = 80
MAX_LOAD_SECONDS = 3.0
# Resamples of the dev documents for the confidence intervals of the NER F-scores; fixed seed.
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 0
OVERALL = "overall"


@dataclass
class NerScores:
    precision: float
    recall: float
    f: float
    per_label: dict[str, dict[str, float]] = field(default_factory=dict)
    # label (or "overall") -> (low, high) of the 95% bootstrap interval of F, and the gold entity count
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)


@dataclass
class SampleResult:
    people: list[str]
    orgs: list[str]
    places: list[str]
    missed: list[str]


@dataclass
class NlpReport:
    # slice name (klintan, uner, norne, written) -> scores
    ner: dict[str, NerScores]
    pos_acc: float
    morph_acc: float
    lemma_acc: float
    dep_uas: float
    dep_las: float
    words_per_second: float
    size_mb: float
    load_seconds: float
    sample: SampleResult

    def figures(self) -> dict[str, float]:
        """Flat name -> value, the names `TARGETS` refer to."""
        flat = {
            "pos_acc": self.pos_acc, "morph_acc": self.morph_acc, "lemma_acc": self.lemma_acc,
            "dep_uas": self.dep_uas, "dep_las": self.dep_las, "words_per_second": self.words_per_second,
            "size_mb": self.size_mb, "load_seconds": self.load_seconds,
            "sample_people": len(self.sample.people), "sample_orgs": len(self.sample.orgs),
            "sample_places": len(self.sample.places),
        }
        for name, scores in self.ner.items():
            prefix = "" if name == MAIN_SLICE else f"{name}_"
            flat.update({f"{prefix}ner_p": scores.precision, f"{prefix}ner_r": scores.recall, f"{prefix}ner_f": scores.f})
            flat.update({f"{prefix}ner_f_{label}": s["f"] for label, s in scores.per_label.items()})
        return flat


def gold_ner_docs(nlp: Language, path: Path) -> list[Doc]:
    """Gold NER Docs from a `.spacy` file or a token-per-line IO/IOB/CoNLL file."""
    if Path(path).suffix == ".spacy":
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = sentences_to_docs(nlp.vocab, read_tagged_sentences(path), sentences_per_doc=10)
    for doc in docs:
        doc.ents = [
            doc.char_span(e.start_char, e.end_char, label=GOLD_LABEL_ALIASES.get(e.label_, e.label_))
            for e in doc.ents
        ]
    return docs


def written_docs(nlp: Language, path: Path = WRITTEN_SET) -> list[Doc]:
    """Gold Docs of the written sentences, ten to a document like the corpus slices."""
    docs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        doc = nlp.make_doc(item["text"])
        doc.ents = [doc.char_span(start, end, label=label) for start, end, label in item["entities"]]
        docs.append(doc)
    return [Doc.from_docs(docs[i : i + 10]) for i in range(0, len(docs), 10)]


def examples(nlp: Language, gold_docs: list[Doc]) -> list[Example]:
    """Examples whose predicted side is the pipeline's own tokenization of the gold text."""
    return [Example(nlp.make_doc(doc.text), doc) for doc in gold_docs]


def score_ner(nlp: Language, gold_docs: list[Doc], labels: set[str] | None = None) -> NerScores:
    """P/R/F overall and per label; with `labels`, predictions of other labels (MISC on a corpus
    without MISC) are dropped, being neither right nor wrong there."""
    # Parsed here, not by nlp.evaluate (which parses copies), so the counts below see the predictions.
    predicted = list(nlp.pipe(gold.text for gold in gold_docs))
    if labels is not None:
        for doc in predicted:
            doc.ents = [e for e in doc.ents if e.label_ in labels]
    scored = [Example(doc, gold) for doc, gold in zip(predicted, gold_docs)]
    scores = Scorer(nlp).score(scored)
    per_label = {label: {"p": s["p"], "r": s["r"], "f": s["f"]} for label, s in sorted(scores["ents_per_type"].items())}
    counts = [entity_counts(example) for example in scored]
    support = {label: sum(c[label, "gold"] for c in counts) for label in (OVERALL, *per_label)}
    return NerScores(
        scores["ents_p"], scores["ents_r"], scores["ents_f"], per_label, bootstrap_f_intervals(counts, list(support)), support
    )


def entity_counts(example: Example) -> Counter:
    """(label, "tp" | "pred" | "gold") -> count for one document; label "overall" counts every entity.

    A prediction over a token whose gold label is unknown (spaCy's missing value) is not counted,
    as spaCy's scorer does.
    """
    unknown = {t.idx for t in example.reference if t.ent_iob == 0}
    predicted = {
        (e.start_char, e.end_char, e.label_)
        for e in example.predicted.ents
        if not any(t.idx in unknown for t in example.reference.char_span(e.start_char, e.end_char, alignment_mode="expand") or [])
    }
    gold = {(e.start_char, e.end_char, e.label_) for e in example.reference.ents}
    counts: Counter = Counter()
    for kind, spans in (("tp", predicted & gold), ("pred", predicted), ("gold", gold)):
        for *_, label in spans:
            counts[label, kind] += 1
            counts[OVERALL, kind] += 1
    return counts


def bootstrap_f_intervals(counts: list[Counter], labels: list[str]) -> dict[str, tuple[float, float]]:
    """95% intervals of F from resampling the documents: how far a dev slice this size can move the figure.

    Documents, not entities, are resampled, since a document's entities are not independent.
    """
    rng = random.Random(BOOTSTRAP_SEED)
    samples: dict[str, list[float]] = {label: [] for label in labels}
    for _ in range(BOOTSTRAP_RESAMPLES):
        total = sum((rng.choice(counts) for _ in counts), Counter())
        for label in labels:
            tp, pred, gold = total[label, "tp"], total[label, "pred"], total[label, "gold"]
            samples[label].append(2 * tp / (pred + gold) if pred + gold else 0.0)
    low, high = round(0.025 * BOOTSTRAP_RESAMPLES), round(0.975 * BOOTSTRAP_RESAMPLES) - 1
    for f in samples.values():
        f.sort()
    return {label: (f[low], f[high]) for label, f in samples.items()}


def score_syntax(nlp: Language, gold_docs: list[Doc]) -> dict[str, float]:
    scores = nlp.evaluate(examples(nlp, gold_docs))
    return {key: scores[key] for key in ("pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las")}


def words_per_second(nlp: Language, texts: list[str]) -> float:
    """Whole-pipeline throughput in one process (the shipped model runs on CPU)."""
    list(nlp.pipe(texts[:20]))
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return words / (time.perf_counter() - start)


def sample_result(nlp: Language, text: str) -> SampleResult:
    doc = nlp(text)
    found = {(e.label_, e.text.lower()) for e in doc.ents}

    def tagged(names: tuple[str, ...], label: str) -> list[str]:
        return [n for n in names if (label, n.lower()) in found]

    people, orgs, places = tagged(SAMPLE_PEOPLE, "PER"), tagged(SAMPLE_ORGS, "ORG"), tagged(SAMPLE_PLACES, "LOC")
    missed = [n for n in (*SAMPLE_PEOPLE, *SAMPLE_ORGS, *SAMPLE_PLACES) if n not in (*people, *orgs, *places)]
    return SampleResult(people, orgs, places, missed)


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def evaluate_model(model: Path, corpora: Path = SHARED_CORPORA) -> NlpReport:
    start = time.perf_counter()
    nlp = load_model(model)
    load_seconds = time.perf_counter() - start
    slices = {name: sentences_to_docs(nlp.vocab, ner_corpus_split(name, corpora)[1], 10) for name in NER_CORPORA}
    ner = {name: score_ner(nlp, gold, annotated_labels(name)) for name, gold in slices.items()}
    if WRITTEN_SET.exists():
        ner[WRITTEN] = score_ner(nlp, written_docs(nlp))
    _, ud_dev = talbanken_split(corpora)
    ud_gold = conllu_docs(nlp.vocab, ud_dev)
    syntax = score_syntax(nlp, ud_gold)
    return NlpReport(
        ner=ner,
        words_per_second=words_per_second(nlp, [d.text for d in (*slices[MAIN_SLICE], *ud_gold)]),
        size_mb=directory_mb(model),
        load_seconds=load_seconds,
        sample=sample_result(nlp, (corpora / SAMPLE_ARTICLE).read_text(encoding="utf-8")),
        **syntax,
    )


def format_ner(scores: NerScores, corpus: str = "") -> list[str]:
    rows = [(OVERALL, {"p": scores.precision, "r": scores.recall, "f": scores.f}), *scores.per_label.items()]
    lines = []
    for label, s in rows:
        line = f"NER {corpus + ' ' if corpus else ''}{label:<9} P {s['p']:.3f}  R {s['r']:.3f}  F {s['f']:.3f}"
        if label in scores.intervals:
            low, high = scores.intervals[label]
            line += f"  (95% CI {low:.3f}-{high:.3f}, gold {scores.support[label]})"
        lines.append(line)
    return lines


def format_report(report: NlpReport) -> str:
    figures = report.figures()
    lines = [line for name, scores in report.ner.items() for line in format_ner(scores, f"{name:<8}")]
    lines += [
        f"POS accuracy  {report.pos_acc:.3f}   morphology {report.morph_acc:.3f}",
        f"Lemma accuracy {report.lemma_acc:.3f}",
        f"UAS {report.dep_uas:.3f}   LAS {report.dep_las:.3f}",
        f"Speed {report.words_per_second:,.0f} words/s (CPU, one process)",
        f"Size {report.size_mb:.1f} MB (max {MAX_SIZE_MB})   load {report.load_seconds:.2f} s (max {MAX_LOAD_SECONDS})",
        f"Sample people  {', '.join(report.sample.people)}",
        f"Sample orgs    {', '.join(report.sample.orgs)}",
        f"Sample places  {', '.join(report.sample.places)}",
        f"Sample missed  {', '.join(report.sample.missed) or '-'}",
        "Targets:",
    ]
    for target in TARGETS:
        value = figures.get(target.name, 0.0)
        lines.append(f"  {target.name:<18} {value:>10.3f} >= {target.minimum:<8g} {'ok' if value >= target.minimum else 'MISSED'}")
    lines.append(f"  {'size_mb':<18} {report.size_mb:>10.1f} <= {MAX_SIZE_MB:<8g} {'ok' if report.size_mb <= MAX_SIZE_MB else 'MISSED'}")
    lines.append(
        f"  {'load_seconds':<18} {report.load_seconds:>10.2f} <= {MAX_LOAD_SECONDS:<8g} "
        f"{'ok' if report.load_seconds <= MAX_LOAD_SECONDS else 'MISSED'}"
    )
    return "\n".join(lines)


def evaluate_ner_file(model: Path, data: Path) -> NerScores:
    nlp = load_model(model)
    return score_ner(nlp, gold_ner_docs(nlp, data))
