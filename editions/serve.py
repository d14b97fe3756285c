"""`python build.py serve [PORT]`: preview dist/site/ on localhost and rebuild on every save.

Watches content/, layouts/, translations/ and assets/; after a change it rebuilds in two
passes: the web pages first, so the preview shows the change in seconds, then the PDF and DOCX
files (an edited full-plan section changes ten PDFs: half a minute on two cores). The
incremental cache renders only what changed; the terminal says what was rebuilt after each
pass. Errors are printed; the server keeps running.

The preview listens on 127.0.0.1 only, and `SiteHandler` serves nothing but the site: a
regular file inside dist/site/ reached without a symlink in any part of its path below the
site folder, or a folder through its own index.html. Everything else is refused, because a
browser tab or a local program can send any request line:
  * symlinks (to a file or a folder, inside the site or out of it): a link to /etc would
    otherwise serve /etc/passwd, so a link is never followed (404);
  * folders without index.html: no directory listing, which would show what else is there (404);
  * `..` and `.` segments, however they are encoded (`%2e%2e`, `..%2f`), backslashes, and
    anything that is not a regular file (FIFOs, devices, sockets), which could hang a thread (404);
  * NUL and other control characters, undecodable percent-encoding and request targets that
    are not a path starting with `/` (400), and paths over 1024 characters (414). These used to
    end in a traceback from the server thread.
A bad PORT or more than one argument is a usage error (exit 2) reported before anything is
built; a port already in use is reported with another one to try (exit 1). The port is bound
before the first build, so either mistake is reported at once."""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
import stat
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .config import BuildConfig
from .pipeline import build
from .writers import REGISTRY

WATCHED = ("content", "layouts", "translations", "assets")
HOST = "127.0.0.1"  # never all interfaces: the preview is for this machine only
DEFAULT_PORT = 8000
MAX_PATH = 1024  # far longer than any page of the site


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


class Refused(Exception):
    """A request the preview will not answer with a file: the status to send instead."""

    def __init__(self, status: HTTPStatus):
        super().__init__(status.phrase)
        self.status = status


def site_path(site: Path, target: str) -> Path:
    """The file or folder inside `site` (resolved) that the request target names, or Refused.

    A folder is returned only when it has a regular index.html; the caller (the stdlib's
    send_head) then redirects `/folder` to `/folder/` and serves `folder/index.html`."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if len(path) > MAX_PATH:
        raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG)
    if not path.startswith("/"):  # `*`, `http://host/…`: not a path on this server
        raise Refused(HTTPStatus.BAD_REQUEST)
    try:
        path = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:  # %ff and the like: no file of the site has such a name
        raise Refused(HTTPStatus.BAD_REQUEST) from None
    if any(ord(c) < 0x20 or c == "\x7f" for c in path):  # NUL, newlines, escapes
        raise Refused(HTTPStatus.BAD_REQUEST)
    names = [n for n in path.split("/") if n]
    if any(n in (".", "..") or "\\" in n for n in names):
        raise Refused(HTTPStatus.NOT_FOUND)
    current = site
    try:
        for name in names:  # lstat each part: a symlink anywhere below the site is refused
            current = current / name
            if stat.S_ISLNK(os.lstat(current).st_mode):
                raise Refused(HTTPStatus.NOT_FOUND)
        mode = os.lstat(current).st_mode
        if stat.S_ISDIR(mode):
            if not stat.S_ISREG(os.lstat(current / "index.html").st_mode):
                raise Refused(HTTPStatus.NOT_FOUND)  # a symlink or a folder called index.html
        elif not stat.S_ISREG(mode) or path.endswith("/"):
            raise Refused(HTTPStatus.NOT_FOUND)  # a FIFO, a device; `page.html/`
        if not current.resolve(strict=True).is_relative_to(site):  # belt and braces
            raise Refused(HTTPStatus.NOT_FOUND)
    except (OSError, ValueError):  # missing, not a folder, name too long, …
        raise Refused(HTTPStatus.NOT_FOUND) from None
    return current


class SiteHandler(Quiet):
    """Serves the site folder (`directory=`) as described in the module docstring."""

    def translate_path(self, path: str) -> str:
        return str(site_path(Path(self.directory).resolve(), path))

    def send_head(self):
        try:
            return super().send_head()
        except Refused as refused:  # raised by translate_path, before any header is sent
            self.send_error(refused.status)
            return None

    def list_directory(self, path):  # never reached: site_path refuses folders without index
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:  # the browser went away in the middle of a reply
            pass


def passes(cfg: BuildConfig) -> list[tuple[str, BuildConfig]]:
    """The web pages first (what the preview shows), then every format asked for."""
    wanted = cfg.formats or tuple(REGISTRY)
    if "html" not in wanted or len(wanted) == 1:
        return [("rebuilt", cfg)]
    return [("web pages rebuilt", dataclasses.replace(cfg, formats=("html",))),
            ("all formats rebuilt", cfg)]


def rebuild(cfg: BuildConfig, ready: Callable[[], None] | None = None) -> None:
    """Build in passes; `ready` is called once the web pages are there."""
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


def parse_port(args: list[str]) -> int | None:
    """The port from the command line words after `serve`; None after printing a usage error."""
    if len(args) > 1:
        print(f"build.py serve: takes at most one argument, the port (default {DEFAULT_PORT}), "
              f"not {' '.join(args)!r}", file=sys.stderr)
        return None
    if not args:
        return DEFAULT_PORT
    text = args[0]
    # isascii: int() would also take '8_000', ' 80' and non-Latin digits
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    print(f"build.py serve: the port must be a number from 1 to 65535, not {text!r}",
          file=sys.stderr)
    return None


def listen(port: int, handler) -> ThreadingHTTPServer | None:
    """The server bound to HOST:port; None after saying why it could not be."""
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        other = port + 1 if port < 65535 else DEFAULT_PORT
        if exc.errno == errno.EADDRINUSE:
            why = "is already in use (another preview or program is using it)"
        elif exc.errno == errno.EACCES:
            why = "may not be used by this user (ports below 1024 need administrator rights)"
        else:
            why = f"cannot be used: {exc.strerror or exc}"
        print(f"build.py serve: port {port} on {HOST} {why}; try another one, e.g. "
              f"`python build.py serve {other}`", file=sys.stderr)
        return None


def serve(cfg: BuildConfig, args: list[str]) -> int:
    port = parse_port(args)
    if port is None:
        return 2
    site = cfg.out / "site"
    server = listen(port, functools.partial(SiteHandler, directory=str(site)))
    if server is None:
        return 1
    cfg = dataclasses.replace(cfg, browser=False)  # the full check runs in CI; preview is fast
    site.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def ready() -> None:
        print(f"serving {site} at http://{HOST}:{server.server_address[1]}/ — "
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
        server.server_close()
    return 0
