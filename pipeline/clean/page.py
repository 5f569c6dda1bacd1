"""What a page's markup says besides its main text: lead, category label, breadcrumb, bylines, error page.

Trafilatura finds the main text; these facts come from the markup around it,
with XPath expressions kept as data (`pipeline/data/html_page.json`).
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement

from pipeline.clean.lines import BoilerplateRules, find_date, is_label_like, line_key, squeezed
from pipeline.config import DATA_DIR

REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]\s+")
LEAD_WORDS = (5, 150)
LEAD_MAX_LINK_SHARE = 0.3
# a lead is one paragraph: never a list, a heading or a picture with its caption
NOT_A_PARAGRAPH = XPath(".//li | .//h1 | .//h2 | .//h3 | .//h4 | .//figure | .//img | .//picture | .//figcaption")
VISIBLE_TEXT = XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
LABEL_MAX_WORDS = 5


@dataclass(frozen=True)
class PageRules:
    prune: tuple[str, ...]
    lead: tuple[XPath, ...]
    label: tuple[XPath, ...]
    breadcrumb: tuple[XPath, ...]
    byline: tuple[XPath, ...]
    outside_article: frozenset[str]
    not_sections: frozenset[str]
    home_crumbs: frozenset[str]
    error_titles: re.Pattern[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "PageRules":
        data = json.loads((DATA_DIR / "html_page.json").read_text(encoding="utf-8"))

        def compiled(key: str) -> tuple[XPath, ...]:
            return tuple(XPath(expression, namespaces=REGEXP_NS) for expression in data[key])

        return cls(
            prune=tuple(data["prune"]),
            lead=compiled("lead"),
            label=compiled("label"),
            breadcrumb=compiled("breadcrumb"),
            byline=compiled("byline"),
            outside_article=frozenset(data["outside_article"]),
            not_sections=frozenset(line_key(label) for label in data["not_sections"]),
            home_crumbs=frozenset(line_key(crumb) for crumb in data["home_crumbs"]),
            error_titles=re.compile("|".join(f"(?:{p})" for p in data["error_titles"]), re.IGNORECASE),
        )


@dataclass(frozen=True)
class PageFacts:
    lead: str | None
    label: str | None
    breadcrumb: tuple[str, ...]  # linked crumbs after the start page, outermost first
    bylines: tuple[str, ...]  # byline texts, parts separated by ';'
    publisher_names: tuple[str, ...]  # what the <title> says besides the headline
    error_heading: str | None  # the title or heading of an error page ("Sidan kunde inte hittas")

    def section(self, title: str | None) -> str | None:
        """The category label, else the nearest linked breadcrumb that is not the page itself."""
        if self.label:
            return self.label
        crumbs = [crumb for crumb in self.breadcrumb if title is None or line_key(crumb) != line_key(title)]
        return crumbs[-1] if crumbs else None


def text_of(element: HtmlElement) -> str:
    """The element's visible text, whitespace squeezed (scripts and styles left out)."""
    return squeezed(" ".join(VISIBLE_TEXT(element)))


def link_share(element: HtmlElement) -> float:
    """How much of the element's text is link text."""
    text = len(text_of(element)) or 1
    return sum(len(text_of(link)) for link in element.iter("a")) / text


def read_page(tree: HtmlElement) -> PageFacts:
    rules = PageRules.load()
    headings = [text_of(h1) for h1 in tree.iter("h1")]
    heading = next((h for h in headings if h), None)
    title = text_of(tree.find(".//title")) if tree.find(".//title") is not None else ""
    error = next((text for text in (title, heading or "") if text and rules.error_titles.match(text)), None)
    return PageFacts(
        lead=_lead(tree, rules),
        label=_label(tree, rules, heading),
        breadcrumb=_breadcrumb(tree, rules),
        bylines=tuple(_bylines(tree, rules)),
        publisher_names=tuple(part for part in TITLE_SEPARATORS.split(title)[1:] if part and part != heading),
        error_heading=error,
    )


def _in_article(element: HtmlElement, outside: frozenset[str]) -> bool:
    return element.tag not in outside and not any(ancestor.tag in outside for ancestor in element.iterancestors())


def _matches(tree: HtmlElement, expressions: tuple[XPath, ...], outside: frozenset[str]) -> list[HtmlElement]:
    """Elements any expression finds, in document order, none inside the `outside` tags."""
    found = {element for expression in expressions for element in expression(tree)}
    return [element for element in tree.iter() if element in found and _in_article(element, outside)]


def _lead(tree: HtmlElement, rules: PageRules) -> str | None:
    """The first lead-classed element after the headline that reads as a paragraph, not a teaser list."""
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return None
    after_headline = False
    candidates = set(_matches(tree, rules.lead, rules.outside_article))
    for element in tree.iter():
        after_headline = after_headline or element is headline
        if not after_headline or element not in candidates or NOT_A_PARAGRAPH(element):
            continue
        text = text_of(element)
        if LEAD_WORDS[0] <= len(text.split()) <= LEAD_WORDS[1] and re.search(r"[.!?]", text) and link_share(element) < LEAD_MAX_LINK_SHARE:
            return text
    return None


def _label(tree: HtmlElement, rules: PageRules, heading: str | None) -> str | None:
    boilerplate = BoilerplateRules.load()
    for element in _matches(tree, rules.label, rules.outside_article):
        text = text_of(element)
        if (
            text
            and is_label_like(text, LABEL_MAX_WORDS)
            and line_key(text) not in rules.not_sections
            and not boilerplate.is_cutoff(text)
            and not find_date(text)
            and (heading is None or line_key(text) != line_key(heading))
        ):
            return text
    return None


def _breadcrumb(tree: HtmlElement, rules: PageRules) -> tuple[str, ...]:
    for container in _matches(tree, rules.breadcrumb, frozenset({"footer"})) or [None]:
        crumbs = [text_of(link) for link in container.iter("a")] if container is not None else _json_ld_crumbs(tree)
        crumbs = [crumb for crumb in crumbs if crumb]
        if crumbs and line_key(crumbs[0]) in rules.home_crumbs:
            crumbs = crumbs[1:]
        if crumbs:
            return tuple(crumbs)
    return ()


def _json_ld_crumbs(tree: HtmlElement) -> list[str]:
    """Names of a schema.org BreadcrumbList in the page's JSON-LD, by position."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("@type") == "BreadcrumbList":
                elements = [e for e in item.get("itemListElement", []) if isinstance(e, dict)]
                return [str(e.get("name", "")) for e in sorted(elements, key=lambda e: e.get("position", 0))]
    return []


def _bylines(tree: HtmlElement, rules: PageRules) -> list[str]:
    """Text of each outermost byline element, its parts joined by ';', dates left out."""
    found = _matches(tree, rules.byline, rules.outside_article)
    found_set = set(found)
    outermost = [e for e in found if not any(a in found_set for a in e.iterancestors())]
    texts = []
    for element in outermost:
        element = deepcopy(element)
        for dated in element.xpath(".//time | .//*[re:test(@class, 'date|time', 'i')]", namespaces=REGEXP_NS):
            dated.drop_tree()
        texts.append(";".join(part.strip() for part in element.itertext() if part.strip()))
    return [text for text in texts if text]
