"""`build.py serve` against hostile input: symlinks, listings, malformed paths, bad ports.

The handler runs for real in a ThreadingHTTPServer on 127.0.0.1; requests go over a raw socket
so that the client library does not refuse or tidy up the malformed ones."""

from __future__ import annotations

import functools
import os
import socket
import struct
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from editions.serve import SiteHandler

ROOT = Path(__file__).resolve().parent.parent
SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A small site folder, and a secret file and folder beside it (outside the site)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    (outside / "index.html").write_text(f"<p>{SECRET}</p>", "utf-8")
    site = tmp_path / "dist" / "site"
    (site / "en-GB").mkdir(parents=True)
    (site / "index.html").write_text("<p>home page</p>", "utf-8")
    (site / "page.html").write_text("<p>a page</p>", "utf-8")
    (site / "style.css").write_text("p { color: black }", "utf-8")
    (site / "en-GB" / "index.html").write_text("<p>English index</p>", "utf-8")
    (site / "en-GB" / "full.html").write_text("<p>the full plan</p>", "utf-8")
    (site / "no-index").mkdir()
    (site / "no-index" / "hidden.html").write_text("<p>hidden</p>", "utf-8")
    (site / "secret.txt").symlink_to(outside / "secret.txt")  # a link to a file outside
    (site / "elsewhere").symlink_to(outside, target_is_directory=True)  # to a folder outside
    (site / "alias.html").symlink_to(site / "page.html")  # a link even inside the site
    (site / "linked-index").mkdir()
    (site / "linked-index" / "index.html").symlink_to(outside / "index.html")
    os.mkfifo(site / "pipe.html")  # opening it for reading would block a thread forever
    return site


@pytest.fixture(scope="module")
def port(site):
    """The port of a server for `site`, one for the whole module (stopping one takes 0.5 s)."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join(5)


def request(port: int, target: bytes | str, method: str = "GET") -> tuple[int, bytes, bytes]:
    """Send one raw HTTP/1.0 request; the status, the header block and the body."""
    if isinstance(target, str):
        target = target.encode("latin-1")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(method.encode() + b" " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def header(head: bytes, name: str) -> str:
    for line in head.decode("latin-1").split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return ""


@pytest.mark.parametrize(("target", "content_type", "text"), [
    ("/", "text/html", "home page"),
    ("/index.html", "text/html", "home page"),
    ("/page.html", "text/html", "a page"),
    ("/page.html?v=2", "text/html", "a page"),
    ("/style.css", "text/css", "color: black"),
    ("/en-GB/", "text/html", "English index"),
    ("/en-GB/full.html", "text/html", "the full plan"),
    ("/en-%47B/full%2Ehtml", "text/html", "the full plan"),  # percent-encoded, still inside
    ("//page.html", "text/html", "a page"),  # the stdlib reduces a leading // to /
])
def test_real_files_are_served(port, capfd, target, content_type, text):
    status, head, body = request(port, target)
    assert status == 200, head
    assert header(head, "Content-Type") == content_type
    assert text in body.decode("utf-8")
    assert "Traceback" not in capfd.readouterr().err


def test_head_and_folder_redirect_behave_as_before(port, capfd):
    status, head, body = request(port, "/page.html", method="HEAD")
    assert (status, body) == (200, b"")
    assert header(head, "Content-Length") == str(len("<p>a page</p>"))
    status, head, _ = request(port, "/en-GB?lang=1")
    assert status == 301 and header(head, "Location") == "/en-GB/?lang=1"
    assert "Traceback" not in capfd.readouterr().err


REFUSED = [
    # symlinks: to a file outside, to a folder outside, inside the site, as a folder's index
    ("/secret.txt", 404), ("/elsewhere/secret.txt", 404), ("/elsewhere/", 404),
    ("/elsewhere", 404), ("/elsewhere/index.html", 404), ("/alias.html", 404),
    ("/linked-index/", 404), ("/linked-index", 404), ("/linked-index/index.html", 404),
    # folders without index.html: never a listing
    ("/no-index/", 404), ("/no-index", 404),
    # not a regular file
    ("/pipe.html", 404),
    # climbing out, however it is spelt
    ("/../outside/secret.txt", 404), ("/..%2foutside%2fsecret.txt", 404),
    ("/..%2f..%2fetc/passwd", 404), ("/%2e%2e/outside/secret.txt", 404),
    ("/en-GB/../../outside/secret.txt", 404), ("/./page.html", 404),
    ("//etc/passwd", 404), ("///etc/passwd", 404), ("/etc/passwd", 404),
    ("/..\\outside\\secret.txt", 404), ("/en-GB\\full.html", 404), ("/%5c..%5csecret.txt", 404),
    # a file is not a folder
    ("/page.html/", 404), ("/page.html%2f", 404), ("/page.html/x", 404),
    # malformed
    ("/%00", 400), (b"/\x00", 400), ("/page.html%00.txt", 400), ("/%0d%0aSet-Cookie:x", 400),
    ("/%ff", 400), ("/%c3", 400), ("/%zz", 404), ("/%", 404), ("/%2", 404),
    (b"/caf\xc3\xa9.html", 404), ("*", 400), ("page.html", 400),
    ("http://127.0.0.1/page.html", 400), ("http://[::1/", 400),
    # very long
    ("/" + "a" * 10_000, 414), ("/a" * 5_000, 414), ("/" + "a" * 300, 404),
    ("/" + "a/" * 400 + "x", 404),
]


@pytest.mark.parametrize(("target", "expected"), REFUSED, ids=lambda v: repr(v)[:40])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_hostile_paths_are_refused_plainly(port, capfd, target, expected, method):
    status, head, body = request(port, target, method)
    assert status == expected, head
    text = body.decode("latin-1")
    assert SECRET not in text
    assert "root:" not in text  # /etc/passwd
    assert "Directory listing" not in text and "hidden.html" not in text
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception" not in err, err


def test_the_server_keeps_serving_after_hostile_requests(port, capfd):
    for target, _ in REFUSED:
        request(port, target)
    assert request(port, "/page.html")[0] == 200
    assert capfd.readouterr().err == ""  # quiet: no request log, no traceback


def test_a_client_that_hangs_up_mid_reply_is_not_a_traceback(site, port, capfd):
    (site / "big.html").write_bytes(b"x" * 20_000_000)
    before = set(threading.enumerate())
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.sendall(b"GET /big.html HTTP/1.0\r\n\r\n")
        s.recv(100)  # the reply has started; closing now sends a reset
    for thread in set(threading.enumerate()) - before:  # the handler's thread, to its end
        thread.join(10)
    assert "Traceback" not in capfd.readouterr().err


def serve_command(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`build.py serve ARGS` on an empty project: nothing may be built before it answers."""
    root = tmp_path / "project"
    root.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out",
                           str(tmp_path / "dist"), "serve", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("port_arg", ["abc", "99999", "65536", "0", "8_000", " 80", "٨٠٠٠",
                                      "8000.0", "1e3", "", "99999999999999999999999"])
def test_a_bad_port_is_a_usage_error_before_any_build(tmp_path, port_arg):
    proc = serve_command(tmp_path, port_arg)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr == (f"build.py serve: the port must be a number from 1 to 65535, "
                           f"not {port_arg!r}\n")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "dist").exists()  # refused before building or creating anything


def test_more_than_one_argument_is_a_usage_error(tmp_path):
    proc = serve_command(tmp_path, "8000", "8001")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "build.py serve: takes at most one argument, the port" in proc.stderr
    assert "'8000 8001'" in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "dist").exists()


def test_a_port_in_use_is_named_with_another_to_try(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve_command(tmp_path, str(port))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in proc.stderr
    other = port + 1 if port < 65535 else 8000
    assert f"try another one, e.g. `python build.py serve {other}`" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "dist").exists()  # bound before building anything
