"""`factcheck serve`: the report of one corpus, live, on this computer.

The page is the static report rendered from the latest scan, plus what only a
server can do: decisions made on the page (written through `factcheck.decisions`,
as `factcheck dismiss` writes them), a draft checked against the corpus, and a
re-scan when the articles change on disk. Every state change is a POST that
carries the token of this run; the page sends finding ids, reasons and draft
text, never a path.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import re
import secrets
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from . import decisions
from .corpus import ALIASES, DRAFT, SIDECAR, walk

MAX_BODY = 6 * 1024 * 1024  # a draft of a few megabytes and its JSON envelope
MAX_REASON = 500
DRAFT_SUFFIXES = (".txt", ".md", ".html", ".htm")
TOKEN_HEADER = "x-factcheck-token"
_FINDING_ID = re.compile(r"[a-z]{2}-[0-9a-f]{6,40}")

_models: dict[tuple[str, str], object] = {}
_models_lock = threading.Lock()


def loaded_model(model: str, patterns: str):
    """The spaCy pipeline, loaded once per process: re-scans, draft checks and restarted servers share it."""
    from . import nlp

    with _models_lock:
        if (model, patterns) not in _models:
            _models[(model, patterns)] = nlp.load(model, patterns=Path(patterns))
        return _models[(model, patterns)]


def _quiet_runner(articles, model, patterns):
    from .pipeline import process_with

    return process_with(loaded_model(model, patterns), articles)


def signature(root: Path) -> tuple:
    """What the scan reads, by name, size and modification time: a change means a re-scan is due."""
    files = walk(root)[0] + [p for p in (root / SIDECAR, root / ALIASES) if p.is_file()]
    out = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p.relative_to(root)), st.st_size, st.st_mtime_ns))
    return tuple(out)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


class Refused(Exception):
    """A request the server turns down, with the reason the page shows."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Review:
    """One corpus under review: its latest scan, the decisions on it, and a re-scan in progress.

    The spaCy work (a scan, a draft check) runs one job at a time; decisions are
    written one at a time. `version` goes up whenever what the page shows changes.
    """

    def __init__(self, root: Path, *, model: str | None = None):
        self.root = Path(root).resolve()
        self.model = model
        self.result = None
        self.version = 0
        self.done, self.total = 0, 0
        self.scanning = False
        self.error: str | None = None
        self._signature: tuple | None = None
        self._context: tuple[int, dict] | None = None
        self._work = threading.Lock()
        self._state = threading.Lock()
        self._decide = threading.Lock()

    # ------------------------------------------------------------ scans

    def _runner(self, articles, model, patterns):
        """The scan's NLP stage on the model this process keeps loaded, ticking the progress bar per article."""
        from .pipeline import process_with

        base = self.done  # the scan has already counted the articles it found in its cache
        return process_with(loaded_model(model, patterns), articles, lambda n: self._tick(base + n, self.total))

    def _tick(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def scan(self) -> None:
        """Scan the corpus now (in the caller's thread); a failure is kept for the page to show."""
        from .pipeline import scan

        with self._state:
            self.scanning, self.error, self.done, self.total = True, None, 0, 0
        try:
            sig = signature(self.root)
            with self._work:
                result = scan(self.root, model=self.model, progress=self._tick, runner=self._runner)
            if not len(result.articles):
                raise ValueError(f"{self.root.name}: no readable articles")
            with self._state:
                self.result, self._signature = result, sig
                self.version += 1
        except (RuntimeError, OSError, ValueError) as exc:
            with self._state:
                self.error = f"the scan failed: {exc}"
                self.version += 1
        finally:
            self.scanning = False

    def rescan(self) -> bool:
        """Start a scan in the background; False if one is already running."""
        with self._state:
            if self.scanning:
                return False
            self.scanning, self.done, self.total = True, 0, 0
        threading.Thread(target=self.scan, name="factcheck-rescan", daemon=True).start()
        return True

    def changed(self) -> bool:
        return self._signature is not None and signature(self.root) != self._signature

    def state(self) -> dict:
        return {"version": self.version, "scanning": self.scanning, "done": self.done, "total": self.total,
                "error": self.error, "ready": self.result is not None,
                "changed": bool(self.result is not None and not self.scanning and self.changed())}

    # ------------------------------------------------------------ decisions

    def finding(self, finding_id: str) -> dict:
        if not isinstance(finding_id, str) or not _FINDING_ID.fullmatch(finding_id):
            raise Refused(400, "That is not a finding id.")
        f = self.result.findings if self.result is not None else None
        if f is None or not len(f) or not (f["id"] == finding_id).any():
            raise Refused(404, f"No finding {finding_id} in the current scan; reload the page.")
        from .reports import records

        return records(f[f["id"] == finding_id])[0]

    def decide(self, finding_id: str, action: str, reason: str) -> dict:
        """Dismiss or restore a finding with a reason; the file is appended to atomically, or left as it was."""
        if action not in ("dismiss", "restore"):
            raise Refused(400, "The action must be dismiss or restore.")
        reason = " ".join(str(reason or "").split()) if isinstance(reason, str) else ""
        if not reason:
            raise Refused(400, "Say why: a decision needs a reason.")
        if len(reason) > MAX_REASON:
            raise Refused(400, f"The reason is longer than {MAX_REASON} characters.")
        finding = self.finding(finding_id)
        dismissed = finding.get("status") == "dismissed"
        if (action == "dismiss") == dismissed:
            raise Refused(409, f"{finding_id} is already {'dismissed' if dismissed else 'open'}; reload the page.")
        with self._decide:
            try:
                write = decisions.dismiss if action == "dismiss" else decisions.restore
                write(self.root, finding_id, reason)
            except (OSError, ValueError) as exc:
                raise Refused(500, f"The decision was not saved, and the decisions file is as it was: {exc}") from exc
            self._redecide()
        return {"id": finding_id, "status": "dismissed" if action == "dismiss" else "open", "reason": reason}

    def _redecide(self) -> None:
        """The decisions file applied again to the findings of the latest scan: no re-scan needed."""
        from .reports import records

        with self._state:
            rows = decisions.apply(records(self.result.findings), decisions.load(self.root))
            self.result.findings = pd.DataFrame(rows)
            self.version += 1

    # ------------------------------------------------------------ a draft

    def check(self, text: str, name: str = "") -> list[dict]:
        """The findings a draft takes part in, as `factcheck check` selects them (dismissed ones never count).

        The draft is written to a private temporary folder under a fixed name; the
        name the page gives is used only for its extension.
        """
        from .cli import _involves_draft
        from .pipeline import scan
        from .reports import records

        if not isinstance(text, str) or not text.strip():
            raise Refused(400, "Paste a draft or drop a file first.")
        suffix = Path(str(name or "")).suffix.lower()
        suffix = suffix if suffix in DRAFT_SUFFIXES else ".txt"
        with tempfile.TemporaryDirectory(prefix="factcheck-draft-") as tmp:
            draft = Path(tmp) / f"draft{suffix}"
            draft.write_text(text, encoding="utf-8")
            try:
                with self._work:  # the draft alone reaches the model; the scan's progress bar is left alone
                    result = scan(self.root, draft=draft, model=self.model, runner=_quiet_runner)
            except (RuntimeError, OSError, ValueError) as exc:
                raise Refused(422, f"The draft could not be checked: {exc}") from exc
        findings = records(result.findings) if len(result.findings) else []
        return [f for f in findings if f.get("status") != "dismissed" and _involves_draft(f, set(result.drafts))]

    # ------------------------------------------------------------ the page

    def context(self) -> dict:
        """The report's template context for the latest scan, made once per version."""
        from .reports import context

        with self._state:
            cached = self._context
            if cached and cached[0] == self.version:
                return cached[1]
            ctx = context(self.result)
            self._context = (self.version, ctx)
            return ctx


# ---------------------------------------------------------------- the web app

def _check_view(findings: list[dict], result_meta: dict, draft_name: str) -> list[dict]:
    """The draft's findings as report cards, the draft's own quotes marked."""
    from .reports import finding_view, variant_view

    views = []
    for f in findings:
        if f.get("kind") == "spelling_variant":
            v = variant_view(f, {})
            v["kind"] = "spelling_variant"
            views.append(v)
            continue
        v = finding_view(f, result_meta, {})
        for side in v["sides"]:
            for q in side["quotes"]:
                if q["article"].startswith(DRAFT):
                    q.update(draft=True, article=draft_name, title=None, url=None)  # a draft's first line is no title
            side["quotes"].sort(key=lambda q: not q.get("draft"))  # the draft's sentence first, never folded away
        views.append(v)
    return views


def create_app(review: Review, *, token: str, host: str = "127.0.0.1"):
    """The Starlette app for one review; `token` must come with every POST."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    from .cli import _describe
    from .reports import environment

    env = environment()

    def headers(nonce: str) -> dict:
        return {"Content-Security-Policy": f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
                                           "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                                           "frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

    async def page(request):
        nonce = secrets.token_urlsafe(16)
        served = {"token": token, "nonce": nonce, "version": review.version, "host": host,
                  "local": is_loopback(host)}
        if review.result is None:
            html = env.get_template("serve_wait.html.j2").render(root=review.root.name, served=served,
                                                                   state=review.state())
        else:
            ctx = dict(await run_in_threadpool(review.context))
            ctx["served"] = served
            html = env.get_template("report.html.j2").render(**ctx)
        return HTMLResponse(html, headers=headers(nonce))

    async def state(request):
        return JSONResponse(await run_in_threadpool(review.state), headers={"Cache-Control": "no-store"})

    async def body(request) -> dict:
        """The JSON of a state change, after the token, the origin and the size are checked."""
        if not hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), token.encode()):
            raise Refused(403, "This page is from an earlier run of the server: reload it.")
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
            raise Refused(403, "A request from another site is refused.")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise Refused(415, "Send JSON.")
        raw = bytearray()
        async for chunk in request.stream():
            raw.extend(chunk)
            if len(raw) > MAX_BODY:
                raise Refused(413, f"Too large: a draft can be at most {MAX_BODY // (1024 * 1024)} MB.")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Refused(400, "The request is not JSON.") from None
        if not isinstance(data, dict):
            raise Refused(400, "The request is not a JSON object.")
        return data

    def refused(exc: Refused):
        return JSONResponse({"ok": False, "error": exc.message}, status_code=exc.status)

    async def decide(request):
        try:
            data = await body(request)
            if review.result is None:
                raise Refused(409, "The corpus is still being scanned.")
            out = await run_in_threadpool(review.decide, data.get("id"), data.get("action"), data.get("reason"))
        except Refused as exc:
            return refused(exc)
        return JSONResponse({"ok": True, **out, "version": review.version})

    def drafted(finding: dict) -> set[str]:
        return {c["article"] for c in finding["claims"] if str(c.get("article", "")).startswith(DRAFT)}

    async def check(request):
        try:
            data = await body(request)
            if review.result is None:
                raise Refused(409, "The corpus is still being scanned.")
            name = str(data.get("name") or "")[:200]
            mine = await run_in_threadpool(review.check, data.get("text"), name)
        except Refused as exc:
            return refused(exc)
        ctx = await run_in_threadpool(review.context)
        label = "your draft" + (f" ({Path(name).name})" if Path(name).name else "")
        views = _check_view(mine, ctx["article_meta"], label)
        html = env.get_template("serve_check.html.j2").render(**{**ctx, "served": None, "views": views,
                                                                   "label": label})
        html = html.replace(' id="f-', ' id="check-f-')  # the draft's findings may share an id with the report's
        return JSONResponse({"ok": True, "count": len(mine), "html": html,
                             "text": "\n".join(_describe(f, drafted(f)) for f in mine)})

    async def rescan(request):
        try:
            await body(request)
        except Refused as exc:
            return refused(exc)
        started = review.rescan()
        return JSONResponse({"ok": True, "started": started, **review.state()})

    allowed = sorted({"127.0.0.1", "localhost", "::1", "[::1]", host})
    return Starlette(
        routes=[Route("/", page), Route("/api/state", state), Route("/api/decisions", decide, methods=["POST"]),
                Route("/api/check", check, methods=["POST"]), Route("/api/rescan", rescan, methods=["POST"])],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=["*"] if host in ("0.0.0.0", "::") else allowed)],
    )


def run(corpus: Path, *, host: str = "127.0.0.1", port: int = 8765, model: str | None = None, say=print) -> None:
    """Serve CORPUS until Ctrl-C: the first scan runs in the background while the page shows its progress."""
    import uvicorn

    review = Review(corpus, model=model)
    review.rescan()
    app = create_app(review, token=secrets.token_urlsafe(32), host=host)
    shown = f"[{host}]" if ":" in host else host
    if is_loopback(host):
        say(f"serving {corpus} at http://{shown}:{port}/ on this computer only ({host}); Ctrl-C stops")
    else:
        say(f"serving {corpus} at http://{shown}:{port}/ on {host}: anyone who can reach this address can read "
            f"the articles and make decisions; Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
