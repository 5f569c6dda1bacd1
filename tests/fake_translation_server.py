"""A fake online translator on 127.0.0.1 for tests: LibreTranslate's POST /translate
and Google's mobile page GET /m, served by http.server in a thread.

It translates word by word from a fixed Swedish-English table (unknown words,
names and placeholders pass through; "Björn" becomes "Bear", as a careless
engine would), so outputs are deterministic. `script` lists how to answer the
next requests, then `default` answers the rest:
  "translate"              a translation
  ("429", retry_after)     429 Too Many Requests with a Retry-After header
  "500"                    500 Internal Server Error
  "400"                    400 Bad Request
  "hang"                   no answer until the server stops
  "drip"                   headers at once, then the body one byte every 0.3 s
  "overlong"               the translation repeated twenty times
  "drop"                   the translation with its first placeholder removed
  "duplicate"              the translation with its first placeholder twice
  "echo"                   the text sent, unchanged
  "lowercase"              the text sent, lower-cased (still Swedish, not identical)
"""

from __future__ import annotations

import html
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = {
    "alvaro": "Alvaro", "arbete": "work", "arbetet": "the work", "berättade": "told", "björn": "bear",
    "bjöd": "invited", "bosocial": "social housing", "botkyrka": "Botkyrka", "centrum": "centre",
    "deltagarna": "the participants", "en": "a", "ett": "a", "fick": "got", "frågor": "questions",
    "hälsade": "greeted", "höll": "held", "i": "in", "in": "in", "klubbchefen": "the club manager",
    "kommun": "municipality", "kommunpolis": "community police officer", "kommunstyrelsens": "the executive board's",
    "konferens": "conference", "konferensen": "the conference", "med": "with", "möjligheten": "the opportunity",
    "och": "and", "om": "about", "ordförande": "chair", "på": "at", "samverkan": "cooperation",
    "strateg": "strategist", "stod": "stood", "till": "to", "tillsammans": "together", "trygghetsskapande": "safety-building",
    "under": "during", "veckan": "the week", "välkomna": "welcome", "ägde": "took", "rum": "place", "dagen": "the day",
    "olika": "different", "aktörer": "actors", "att": "to", "dela": "share", "sina": "their", "erfarenheter": "experiences",
    "dessa": "these", "när": "when",
    "hon": "she", "bor": "lives", "nordvästra": "northwestern", "arbetar": "works",
}
PLACEHOLDER = re.compile(r"\{\d+\}")


def fake_translate(text: str) -> str:
    """Word-by-word translation; a capitalised Swedish word gives a capitalised English one."""

    def word(match: re.Match) -> str:
        english = WORDS.get(match.group(0).lower(), match.group(0))
        return english[0].upper() + english[1:] if match.group(0)[0].isupper() else english

    return re.sub(r"[^\W\d_]+", word, text)


@dataclass
class Request:
    path: str
    text: str  # the text to translate as the server received it
    source: str
    target: str
    query_length: int  # characters of the request's query string


class FakeTranslationServer:
    def __init__(self) -> None:
        self.script: list = []
        self.default = "translate"
        self.requests: list[Request] = []
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeTranslationServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def texts(self) -> list[str]:
        return [r.text for r in self.requests]

    def _next_behaviour(self):
        return self.script.pop(0) if self.script else self.default

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # LibreTranslate: form, JSON or query parameters
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                params = dict(urllib.parse.parse_qsl(url.query))
                if body:
                    params.update(json.loads(body) if body.startswith("{") else dict(urllib.parse.parse_qsl(body)))
                self._answer(url, params["q"], params.get("source", ""), params.get("target", ""),
                             lambda text: ("application/json", json.dumps({"translatedText": text})))

            def do_GET(self) -> None:  # Google's mobile page, as deep-translator scrapes it
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query))
                page = '<html><body><div class="result-container">{}</div></body></html>'
                self._answer(url, params["q"], params.get("sl", ""), params.get("tl", ""),
                             lambda text: ("text/html", page.format(html.escape(text))))

            def _answer(self, url, text, source, target, render) -> None:
                server.requests.append(Request(url.path, text, source, target, len(url.query)))
                behaviour = server._next_behaviour()
                if behaviour == "hang":
                    server._stopping.wait(30)
                    return
                if isinstance(behaviour, tuple) and behaviour[0] == "429":
                    return self._send(429, "application/json", '{"error": "Slowdown"}', {"Retry-After": str(behaviour[1])})
                if behaviour in ("500", "400"):
                    return self._send(int(behaviour), "application/json", '{"error": "failed"}')
                translated = {
                    "echo": lambda: text,
                    "lowercase": lambda: text.lower(),
                    "overlong": lambda: " ".join([fake_translate(text)] * 20),
                    "drop": lambda: PLACEHOLDER.sub("", fake_translate(text), count=1),
                    "duplicate": lambda: PLACEHOLDER.sub(lambda m: m.group(0) * 2, fake_translate(text), count=1),
                }.get(behaviour, lambda: fake_translate(text))()
                self._send(200, *render(translated), drip=behaviour == "drip")

            def _send(self, status: int, content_type: str, body: str, headers: dict | None = None, drip: bool = False) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type + "; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                if not drip:
                    self.wfile.write(data)
                    return
                try:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        if server._stopping.wait(0.3):
                            return
                except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                    return

        return Handler
