"""The build cache is JSON that decodes only into the package's own classes; `merge` never
unpickles a shard's cache and checks every path and file of a shard before writing anything;
`check` over a garbage manifest is one clear line, never a traceback."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_build

from editions.cachefile import CacheError, dumps, loads
from editions.config import BuildConfig
from editions.findings import Finding
from editions.i18n import Coverage
from editions.incremental import CACHE, load_cache
from editions.model import Loc
from editions.output import write_manifest
from editions.pipeline import build
from editions.readability import measure
from editions.results import BuildResult, Outcome
from editions.select import Target
from editions.site import manifest as site_manifest

HTML = ("--no-browser", "--format", "html")


def _shard(mini: Path, out: Path, *args: str) -> Path:
    proc = run_build(*HTML, *args, root=mini, out=out)
    assert (out / "manifest.json").is_file(), proc.stdout + proc.stderr
    return out


@pytest.fixture()
def shard(mini, tmp_path) -> Path:
    """A real (HTML only) build of the mini fixture: a good shard to merge or to tamper with."""
    return _shard(mini, tmp_path / "shard")


def _copy(shard: Path, to: Path) -> Path:
    shutil.copytree(shard, to, symlinks=True)
    return to


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text("utf-8"))


def _put_manifest(folder: Path, data) -> None:
    (folder / "manifest.json").write_text(json.dumps(data), "utf-8")


def _written(out: Path) -> list[str]:
    """What a command left in --out (the lock file a command holds while it runs aside)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.name != ".lock") if out.exists() else []


def _refused(proc, out: Path, *words: str) -> None:
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1, text
    assert "Traceback" not in text and "bug in editions" not in text, text
    assert "error C23" in proc.stderr and "nothing was merged" in proc.stderr.lower(), text
    for w in words:
        assert w in proc.stderr, (w, text)
    assert _written(out) == []


def _evil_pickle(marker: Path) -> bytes:
    class Payload:
        def __reduce__(self):
            return open, (str(marker), "w")

    return pickle.dumps(Payload())


# --- the codec --------------------------------------------------------------------------------


def test_codec_round_trips_the_objects_of_a_real_build(mini, tmp_path):
    cfg = BuildConfig(root=mini, out=tmp_path / "dist", formats=("html",), browser=False, jobs=1)
    result = build(cfg)
    assert result.written and result.findings and result.coverage and result.meta
    back = loads(dumps(result))
    assert isinstance(back, BuildResult) and back == result
    assert all(f in back.findings for f in result.findings)  # what the pipeline does with them
    key = next(iter(back.coverage))
    assert isinstance(key, tuple) and isinstance(back.coverage[key], Coverage)
    assert type(back.coverage[key].counts) is Counter
    assert all(isinstance(t, Target) for t in back.targets)
    stale = back.coverage[key].untranslated[0]
    assert isinstance(stale, tuple) and isinstance(stale[1], Loc)
    figures = [measure("One", ["A short sentence. Another one here.", "A third."])]
    assert loads(dumps({"site/x.html": figures, "k": frozenset({"a", "b"})})) == \
        {"site/x.html": figures, "k": frozenset({"a", "b"})}

    cache = load_cache(cfg)  # what the build itself stored, read back through the codec
    outcomes = {k: v for k, v in cache.items() if k.startswith("site/")}
    assert outcomes and all(isinstance(o, Outcome) and o.key for o in outcomes.values())
    assert loads(dumps(cache)) == cache
    options, (whole, last) = next(iter(cache["last"].items()))
    assert isinstance(last, BuildResult) and last.written == result.written


@pytest.mark.parametrize("payload", [
    {"__type__": "Popen", "args": ["touch", "/tmp/x"]},
    {"__type__": "BuildConfig", "root": "/", "out": "/"},  # the package's, but not the cache's
    {"__type__": "_Job"},
    {"__type__": ["Loc"], "path": "a", "line": 1},
    {"site/a.html": {"__type__": "system", "cmd": "id"}},
])
def test_codec_refuses_classes_outside_the_allow_list(payload):
    with pytest.raises(CacheError, match="not allowed"):
        loads(json.dumps(payload).encode())


@pytest.mark.parametrize("data", [
    b"", b"not json", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000,
    pickle.dumps({"a": 1}),
    b'{"__type__": "Loc", "path": "a"}',  # a field missing
    b'{"__type__": "Loc", "path": "a", "line": 1, "extra": 2}',
    b'{"__type__": "Loc", "path": "a", "line": "one"}',  # wrong type
    b'{"__type__": "Finding", "rule": "X", "level": "error", "message": "m", "fix": "",'
    b' "loc": {"__type__": "Target", "edition": "a", "lang": "b", "presentation": "c",'
    b' "format": "d"}, "artifact": "", "where": ""}',  # a Target where a Loc belongs
    b'{"__tuple__": 5}', b'{"__dict__": [[1]]}', b'{"__dict__": [[[1], 2]]}',
    b'{"__counter__": [["a", "many"]]}', b'{"__weird__": []}', b'{"__tuple__": [], "x": 1}',
])
def test_codec_refuses_malformed_input(data):
    with pytest.raises(CacheError):
        loads(data)


def test_codec_refuses_to_store_other_objects():
    with pytest.raises(CacheError):
        dumps({"x": Path("/")})
    with pytest.raises(CacheError):
        dumps([BuildConfig(root=Path("/"), out=Path("/"))])


def test_a_garbage_or_old_cache_only_means_a_fresh_build(mini, tmp_path):
    out = tmp_path / "dist"
    marker = tmp_path / "unpickled"
    (out / ".cache").mkdir(parents=True)
    (out / CACHE).write_bytes(_evil_pickle(marker))
    (out / ".cache" / "targets.pickle").write_bytes(_evil_pickle(marker))
    proc = run_build(*HTML, root=mini, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(0 unchanged" in proc.stdout and not marker.exists()
    assert not (out / ".cache" / "targets.pickle").exists()  # an old build's cache: removed
    assert "(3 unchanged" in run_build(*HTML, root=mini, out=out).stdout


# --- merge ------------------------------------------------------------------------------------


def test_merge_never_unpickles_a_shard_cache(mini, shard, tmp_path):
    marker = tmp_path / "unpickled"
    probe = tmp_path / "probe"
    pickle.loads(_evil_pickle(probe))  # noqa: S301 - proves the payload is real
    assert probe.exists()
    (shard / CACHE).unlink()
    (shard / ".cache" / "targets.pickle").write_bytes(_evil_pickle(marker))
    out = tmp_path / "merged"
    proc = run_build("merge", str(shard), root=mini, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not marker.exists()
    assert (out / "site" / "en-GB" / "full.html").is_file()

    evil = _copy(shard, tmp_path / "evil")  # a pickle where the JSON cache belongs
    (evil / CACHE).write_bytes(_evil_pickle(marker))
    out = tmp_path / "merged2"
    _refused(run_build("merge", str(evil), root=mini, out=out), out, "targets.json",
             "cache cannot be used")
    assert not marker.exists()


def _tamper(shard: Path, to: Path, change) -> Path:
    folder = _copy(shard, to)
    data = _manifest(folder)
    change(folder, data["artifacts"])
    _put_manifest(folder, data)
    return folder


def _file_entry(path: str, data: bytes) -> dict:
    return {"edition": "full", "lang": "en-GB", "presentation": "standard", "format": "html",
            "path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_merge_refuses_paths_that_leave_the_output(mini, shard, tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>planted</p>")
    data = outside.read_bytes()
    cases = {
        "dotdot": "../../outside.html",
        "site-dotdot": "site/../../outside.html",
        "absolute": str(outside),
        "backslash": "site\\..\\..\\outside.html",
        "nul": "site/en-GB/full.html\x00.txt",
        "not-site": "reports/build.json",
    }
    for name, path in cases.items():
        bad = _tamper(shard, tmp_path / name, lambda f, a, p=path: a.append(_file_entry(p, data)))
        out = tmp_path / "out" / name / "merged"
        _refused(run_build("merge", str(shard), str(bad), root=mini, out=out), out,
                 str(bad / "manifest.json"), "artifact 4")
        assert not (tmp_path / "out" / name / "outside.html").exists()
        assert not (tmp_path / "out" / "outside.html").exists()
    assert outside.read_bytes() == data


def test_merge_refuses_symlinks_and_changed_files(mini, shard, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("a private key\n")

    def link_file(folder, artifacts):  # the artifact itself is a link to any file
        f = folder / "site" / "en-GB" / "full.html"
        f.unlink()
        f.symlink_to(secret)
        artifacts[0].update(_file_entry("site/en-GB/full.html", secret.read_bytes()))

    def link_folder(folder, artifacts):  # a folder on the way is a link
        shutil.move(folder / "site" / "en-GB", folder / "elsewhere")
        (folder / "site" / "en-GB").symlink_to(folder / "elsewhere")

    def changed(folder, artifacts):
        f = folder / artifacts[0]["path"]
        f.write_bytes(f.read_bytes().replace(b"<main", b"<main data-x=\"planted\""))

    def truncated(folder, artifacts):
        f = folder / artifacts[0]["path"]
        f.write_bytes(f.read_bytes()[:100])

    def missing(folder, artifacts):
        (folder / artifacts[0]["path"]).unlink()

    def a_folder(folder, artifacts):
        artifacts.append(_file_entry("site/en-GB", b""))

    cases = {"link-file": (link_file, "is a symbolic link"),
             "link-folder": (link_folder, "site/en-GB is a symbolic link"),
             "changed": (changed, "size and SHA-256"), "truncated": (truncated, "SHA-256"),
             "missing": (missing, "is not in the shard folder"), "folder": (a_folder, "not a regular file")}
    for name, (change, words) in cases.items():
        bad = _tamper(shard, tmp_path / name, change)
        out = tmp_path / f"merged-{name}"
        _refused(run_build("merge", str(shard), str(bad), root=mini, out=out), out, words)


def test_merge_refuses_malformed_manifests_and_missing_folders(mini, shard, tmp_path):
    def entry_with(**kw):
        return lambda folder, artifacts: artifacts[0].update(kw)

    cases = {
        "no-lang": (lambda f, a: a[0].pop("lang"), "'lang' is missing"),
        "bytes-text": (entry_with(bytes="12"), "'bytes'"),
        "bytes-bool": (entry_with(bytes=True), "'bytes'"),
        "short-hash": (entry_with(sha256="abc"), "'sha256'"),
        "not-object": (lambda f, a: a.append(["site/x.html"]), "not an object"),
    }
    for name, (change, words) in cases.items():
        bad = _tamper(shard, tmp_path / name, change)
        out = tmp_path / f"merged-{name}"
        _refused(run_build("merge", str(bad), root=mini, out=out), out, words)
    for name, text in {"not-json": "{", "list": "[]", "no-list": '{"artifacts": {}}'}.items():
        bad = _copy(shard, tmp_path / name)
        (bad / "manifest.json").write_text(text)
        out = tmp_path / f"merged-{name}"
        _refused(run_build("merge", str(shard), str(bad), root=mini, out=out), out,
                 str(bad / "manifest.json"))
    linked = _copy(shard, tmp_path / "linked-manifest")
    (linked / "manifest.json").unlink()
    (linked / "manifest.json").symlink_to(shard / "manifest.json")
    out = tmp_path / "merged-linked"
    _refused(run_build("merge", str(linked), root=mini, out=out), out, "symbolic link")
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (tmp_path / "no-such-shard", empty):
        out = tmp_path / f"merged-{folder.name}"
        _refused(run_build("merge", str(shard), str(folder), root=mini, out=out), out,
                 str(folder))


def test_merge_refuses_cache_entries_for_other_files(mini, shard, tmp_path):
    for name, path in {"cache-dotdot": "../../x.html", "cache-other": "site/en-GB/summary.html"
                       }.items():
        bad = _copy(shard, tmp_path / name)
        cache = loads((bad / CACHE).read_bytes())
        cache["site/en-GB/full.html"].entry["path"] = path
        (bad / CACHE).write_bytes(dumps(cache))
        out = tmp_path / f"merged-{name}"
        _refused(run_build("merge", str(bad), root=mini, out=out), out, "cache entry")


def test_a_good_merge_of_two_shards_renders_nothing_again(mini, tmp_path):
    shards = [_shard(mini, tmp_path / f"shard{i}", "--shard", f"{i}/2") for i in (1, 2)]
    every = sorted(a["path"] for s in shards for a in _manifest(s)["artifacts"])
    assert len(every) == 3
    out = tmp_path / "merged"
    proc = run_build("merge", *map(str, shards), root=mini, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "merged 3 artifacts" in proc.stdout
    assert sorted(a["path"] for a in _manifest(out)["artifacts"]) == every
    for s in shards:
        for a in _manifest(s)["artifacts"]:
            assert (out / a["path"]).read_bytes() == (s / a["path"]).read_bytes()
    assert (out / CACHE).is_file() and not (out / ".cache" / "targets.pickle").exists()
    proc = run_build(*HTML, root=mini, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(3 unchanged" in proc.stdout, proc.stdout
    timings = json.loads((out / "reports" / "build.json").read_text("utf-8"))["timings"]
    assert "write html" not in timings and "check html" not in timings


# --- dist/manifest.json read by check, write_manifest and the site -----------------------------


GARBAGE = {
    "not-json": "{\"artifacts\": [",
    "a-list": "[1, 2]",
    "no-artifacts": '{"files": []}',
    "artifacts-object": '{"artifacts": {"a": 1}}',
    "entry-number": '{"artifacts": [5]}',
    "entry-missing-keys": '{"artifacts": [{"path": "site/en-GB/full.html"}]}',
    "wrong-types": json.dumps({"artifacts": [{**_file_entry("site/en-GB/full.html", b"x"),
                                               "bytes": "1"}]}),
    "path-leaves": json.dumps({"artifacts": [_file_entry("../../../etc/passwd", b"x")]}),
    "path-absolute": json.dumps({"artifacts": [_file_entry("/etc/passwd", b"x")]}),
}


def test_check_over_a_garbage_manifest_is_one_clear_line(mini):
    out = mini / "dist"
    assert run_build(*HTML, root=mini, out=out).returncode == 0
    for name, text in GARBAGE.items():
        (out / "manifest.json").write_text(text, "utf-8")
        proc = run_build("check", "--no-browser", root=mini, out=out)
        output = proc.stdout + proc.stderr
        assert proc.returncode == 1, (name, output)
        assert "Traceback" not in output and "bug in editions" not in output, (name, output)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dist/manifest.json: error C22: "), \
            (name, output)
        assert lines[0].endswith("— run build.py to rebuild dist/"), (name, output)


def test_check_skips_an_edition_the_publication_no_longer_has(mini, tmp_path):
    out = tmp_path / "dist"
    assert run_build(*HTML, root=mini, out=out).returncode == 0
    data = _manifest(out)
    gone = out / "site" / "en-GB" / "gone.html"
    gone.write_bytes(b"<p>old</p>")
    data["artifacts"].append({**_file_entry("site/en-GB/gone.html", gone.read_bytes()),
                              "edition": "gone"})
    _put_manifest(out, data)
    proc = run_build("check", "--no-browser", root=mini, out=out)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and "KeyError" not in output, output
    assert "warning C22: site/en-GB/gone.html (gone, en-GB, standard, html) is not an edition " \
        "of the publication: not checked" in proc.stdout, output
    assert "Checked 4 artifacts" in proc.stdout


def test_garbage_manifest_entries_are_dropped_not_followed(mini, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("private\n")
    planted = [5, "x", {"path": 7}, _file_entry(str(secret), secret.read_bytes()),
               _file_entry("../secret.txt", secret.read_bytes())]
    _put_manifest(out, {"artifacts": planted})
    cfg = BuildConfig(root=mini, out=out)
    assert site_manifest(cfg) == []
    write_manifest(out, [])
    assert _manifest(out) == {"artifacts": []}
    for text in GARBAGE.values():
        (out / "manifest.json").write_text(text, "utf-8")
        assert site_manifest(cfg) == []
    proc = run_build(*HTML, root=mini, out=out)  # a build over a garbage manifest
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(a["path"] for a in _manifest(out)["artifacts"]) == [
        "site/en-GB/full.html", "site/en-GB/summary.html", "site/pl/full.html"]


def test_findings_survive_the_cache_for_in_checks():
    f = Finding("H01", "error", "m", "fix", Loc("content/a.md", 3), "site/a.html", "p. 2")
    back = loads(dumps({"site/a.html": [f], "pair": (f, None)}))
    assert back["site/a.html"] == [f] and f in back["site/a.html"]
    assert back["pair"] == (f, None) and isinstance(back["pair"], tuple)
