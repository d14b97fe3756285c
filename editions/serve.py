"""`python build.py serve [PORT]`: preview dist/site/ on localhost and rebuild on every save.

Watches content/, layouts/, translations/ and assets/; after a change it rebuilds in two
passes: the web pages first, so the preview shows the change in seconds, then the PDF and DOCX
files (an edited full-plan section changes ten PDFs: half a minute on two cores). The
incremental cache renders only what changed; the terminal says what was rebuilt after each
pass. Errors are printed; the server keeps running."""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .config import BuildConfig

WATCHED = ("content", "layouts", "translations", "assets")


def snapshot(root: Path) -> dict[str, float]:
    out = {}
    for name in WATCHED:
        for f in (root / name).rglob("*") if (root / name).is_dir() else []:
            if f.is_file() and not f.name.startswith("."):
                out[str(f)] = f.stat().st_mtime
    return out


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def passes(cfg: BuildConfig) -> list[tuple[str, BuildConfig]]:
    """The web pages first (what the preview shows), then every format asked for."""
    from .writers import REGISTRY

    wanted = cfg.formats or tuple(REGISTRY)
    if "html" not in wanted or len(wanted) == 1:
        return [("rebuilt", cfg)]
    return [("web pages rebuilt", dataclasses.replace(cfg, formats=("html",))),
            ("all formats rebuilt", cfg)]


def rebuild(cfg: BuildConfig, ready: Callable[[], None] | None = None) -> None:
    """Build in passes; `ready` is called once the web pages are there."""
    from .pipeline import build

    for what, pass_cfg in passes(cfg):
        started = time.perf_counter()
        try:
            result = build(pass_cfg)
        except Exception as exc:  # keep serving; say what went wrong
            print(f"build failed: {exc!r}", flush=True)
            result = None
        if result is not None:
            print(f"{what} in {time.perf_counter() - started:.1f} s: "
                  f"{len(result.written) - result.cached} changed, {result.cached} unchanged; "
                  f"{len(result.errors)} errors, {len(result.warnings)} warnings", flush=True)
            for f in result.errors[:20]:
                print(f"  {f.format()}", flush=True)
        if ready is not None:  # after the first pass, even a failed one: the server is up
            ready()
            ready = None
        if result is None:
            return


def serve(cfg: BuildConfig, args: list[str]) -> int:
    port = int(args[0]) if args else 8000
    cfg = dataclasses.replace(cfg, browser=False)  # the full check runs in CI; preview is fast
    site = cfg.out / "site"
    site.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)  # a port in use fails at once
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def ready() -> None:
        print(f"serving {site} at http://127.0.0.1:{server.server_address[1]}/ — "
              "edit content/, layouts/ or translations/ and save; Ctrl+C stops", flush=True)

    seen = snapshot(cfg.root)  # before building: a save during the first build is seen too
    try:
        rebuild(cfg, ready)
        while True:
            time.sleep(0.5)
            now = snapshot(cfg.root)
            if now != seen:
                changed = sorted(set(now.items()) ^ set(seen.items()))
                names = sorted({Path(p).relative_to(cfg.root).as_posix() for p, _ in changed})
                print(f"changed: {', '.join(names[:5])}", flush=True)
                seen = now
                rebuild(cfg)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        server.shutdown()
    return 0
