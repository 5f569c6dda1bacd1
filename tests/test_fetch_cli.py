"""`pipeline run` on URLs end to end: a real subprocess fetching from a server on 127.0.0.1."""

from __future__ import annotations

import json

from tests.conftest import read_articles, read_errors, run_pipeline
from tests.test_fetch import BIBLIOTEK, CONTACT, site  # noqa: F401  (site is a fixture)

BOILERPLATE = [
    "Öppna mobilmenyn",
    "Andra har även läst",
    "Så fungerar snöröjningen i vinter",
    "Barn och utbildning",
    "Tillgänglighetsredogörelse",
]


def test_a_municipal_page_becomes_an_article_without_boilerplate_and_reruns_offline(
    site,  # noqa: F811
    tmp_path,
):
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# Norrvik\n{site.url(BIBLIOTEK)}\n{site.url('/private/intern-nyhet')}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    options = [
        "--out",
        str(out),
        "--allow-private",
        "--rate",
        "20",
        "--user-agent-contact",
        CONTACT,
        "-q",
    ]

    first = run_pipeline("run", "--urls", str(urls), *options)

    assert first.returncode == 1, first.stderr  # one URL is disallowed by robots.txt
    (article,) = read_articles(out).values()
    assert article["source"]["url"] == site.url(BIBLIOTEK)
    assert article["title"] == "Nytt bibliotek öppnar i Tullinge centrum"
    assert article["published"] == "2024-03-12"
    assert "säger Karin Lindqvist, bibliotekschef i Norrviks kommun." in article["text"]
    assert "Kommunstyrelsens ordförande Per Holm (S) klipper bandet" in article["text"]
    assert [line for line in BOILERPLATE if line in article["text"]] == []
    assert read_errors(out) == [
        {
            "input": site.url("/private/intern-nyhet"),
            "stage": "fetch",
            "reason": f"disallowed by robots.txt: {site.url('/private/intern-nyhet')}",
        }
    ]
    assert site.paths() == ["/robots.txt", BIBLIOTEK]
    assert all(CONTACT in request.headers["User-Agent"] for request in site.requests)
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["pages"] == {
        "fetched": 1,
        "failed": 1,
    }

    site.requests.clear()
    offline = run_pipeline("run", site.url(BIBLIOTEK), "--out", str(out), "--offline", "-q")

    assert offline.returncode == 0, offline.stderr
    assert b"1 articles: 0 processed, 1 unchanged and skipped, 0 failed" in offline.stderr
    assert site.requests == []


def test_without_allow_private_a_loopback_url_is_refused_and_recorded(site, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    result = run_pipeline("run", site.url(BIBLIOTEK), "--out", str(out), "-q")

    assert result.returncode == 1
    assert read_articles(out) == {}
    assert read_errors(out) == [
        {
            "input": site.url(BIBLIOTEK),
            "stage": "fetch",
            "reason": "blocked address: 127.0.0.1 resolves to 127.0.0.1 (loopback); "
            "use --allow-private to fetch from private networks",
        }
    ]
    assert site.requests == []
