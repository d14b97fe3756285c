"""`python build.py serve [PORT]`: preview dist/site/ on localhost and rebuild on every save.

Watches content/, layouts/, translations/ and assets/; after a change it runs the build (the
incremental cache renders only what changed) and says in the terminal what was rebuilt.
Errors are printed; the server keeps running."""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
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


def rebuild(cfg: BuildConfig) -> None:
    from .pipeline import build

    started = time.perf_counter()
    try:
        result = build(cfg)
    except Exception as exc:  # keep serving; say what went wrong
        print(f"build failed: {exc!r}", flush=True)
        return
    print(f"rebuilt in {time.perf_counter() - started:.1f} s: {len(result.written) - result.cached}"
          f" changed, {result.cached} unchanged; {len(result.errors)} errors, "
          f"{len(result.warnings)} warnings", flush=True)
    for f in result.errors[:20]:
        print(f"  {f.format()}", flush=True)


def serve(cfg: BuildConfig, args: list[str]) -> int:
    port = int(args[0]) if args else 8000
    cfg = dataclasses.replace(cfg, browser=False)  # the full check runs in CI; preview is fast
    rebuild(cfg)
    site = cfg.out / "site"
    site.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {site} at http://127.0.0.1:{server.server_address[1]}/ — "
          "edit content/, layouts/ or translations/ and save; Ctrl+C stops", flush=True)
    seen = snapshot(cfg.root)
    try:
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
        server.shutdown()
    return 0
