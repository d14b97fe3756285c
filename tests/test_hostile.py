"""Hostile and broken input, generated: a corpus of over 200 bad inputs across YAML, Markdown,
encodings, paths and the command line, each run through the real command line (in process, one
worker) on a copy of the small fixture project that has already been built once.

Every case must: exit non-zero; say what is wrong as `file:line: error RULE: …` (content) or one
`build.py: …` line (environment, options); print no traceback and hit no internal error; write
nothing outside `--out`; and leave every artifact the previous build published byte-identical.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, active_markup, run_build

from editions.cli import main

Mutation = Callable[[Path], None]
PUB = "content/publication.yaml"
INTRO = "content/sections/01-intro.md"
YAML_FILES = [PUB, "content/data/glossary.yaml", "content/data/action-plan.yaml",
              "content/data/notice.yaml"]
TEXT_FILES = [*YAML_FILES, INTRO, "content/sections/02-more.md",
              "content/sections/03-appendix.md"]
FINDING = re.compile(r"^\s*((content|translations|layouts)/\S+:\d+|dist/\S+): error [A-Z]+\d+: \S",
                     re.M)
USAGE = re.compile(r"^build\.py: \S", re.M)


# --- mutations --------------------------------------------------------------------------------


def set_yaml(rel: str, path: list, value) -> Mutation:
    """Load a YAML file, set one value (path of keys/indexes), write it back."""
    def apply(root: Path) -> None:
        data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return apply


def write(rel: str, data: bytes | str) -> Mutation:
    def apply(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (root / rel).write_bytes(raw)
    return apply


def append(rel: str, text: str) -> Mutation:
    def apply(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as f:
            f.write(text)
    return apply


def transform(rel: str, fn: Callable[[bytes], bytes]) -> Mutation:
    def apply(root: Path) -> None:
        (root / rel).write_bytes(fn((root / rel).read_bytes()))
    return apply


def symlink(rel: str, target: Callable[[Path], Path]) -> Mutation:
    def apply(root: Path) -> None:
        link, to = root / rel, target(root)
        if link.is_dir():
            shutil.rmtree(link)
        else:
            link.unlink(missing_ok=True)
        link.symlink_to(to)
    return apply


def outside_secret(root: Path) -> Path:
    secret = root.parent / "secret"
    secret.mkdir(exist_ok=True)
    (secret / "s.md").write_text("---\nid: secret\n---\n# Secret\n\nTOP-SECRET-TEXT\n",
                                 encoding="utf-8")
    (secret / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    return secret


def outside_data(root: Path) -> Path:
    secret = outside_secret(root) / "data"
    shutil.copytree(root / "content" / "data", secret, dirs_exist_ok=True)
    return secret


# --- the corpus ---------------------------------------------------------------------------------

LIST, MAP = ["a", "b"], {"a": 1}
SCALAR_BAD = [LIST, MAP]
CASES: dict[str, tuple[Mutation, tuple[str, ...]]] = {}


def case(name: str, mutation: Mutation, *args: str) -> None:
    assert name not in CASES
    CASES[name] = (mutation, args)


# wrong YAML types and values in publication.yaml
for key in ("id", "title", "short_title", "period", "publisher", "date", "lang"):
    for bad in SCALAR_BAD:
        case(f"pub {key}={type(bad).__name__}", set_yaml(PUB, [key], bad))
for key in ("contact",):
    for bad in (42, "text", LIST):
        case(f"pub {key}={bad!r}", set_yaml(PUB, [key], bad))
for key in ("name", "email"):
    for bad in SCALAR_BAD:
        case(f"pub contact.{key}={type(bad).__name__}", set_yaml(PUB, ["contact", key], bad))
for key in ("sections", "editions", "languages"):
    for bad in (3, "text", MAP, [1, 2]):
        case(f"pub {key}={bad!r}", set_yaml(PUB, [key], bad))
for bad in ("../x", "a/b", "Mini", "", "x y", "..", "ü"):
    case(f"pub id {bad!r}", set_yaml(PUB, ["id"], bad))
for bad in ("en/GB", "../en", "", "e", "en GB", "en-GB/../../x"):
    case(f"pub lang {bad!r}", set_yaml(PUB, ["lang"], bad))
    case(f"pub languages {bad!r}", set_yaml(PUB, ["languages"], ["en-GB", bad]))
for bad in ("2026-13-01", "soon", "15/01/2026"):
    case(f"pub date {bad!r}", set_yaml(PUB, ["date"], bad))
for bad in ("../../x", "/etc/passwd", "sections/../../../etc/passwd", "nothere.md"):
    case(f"pub section path {bad!r}", set_yaml(PUB, ["sections", 0], bad))
case("pub unknown key", set_yaml(PUB, ["colour"], "blue"))
case("pub not a mapping", write(PUB, "- just\n- a list\n"))
case("pub empty", write(PUB, ""))

# editions
for key in ("id", "title", "audience", "glossary"):
    for bad in SCALAR_BAD:
        case(f"edition {key}={type(bad).__name__}", set_yaml(PUB, ["editions", 1, key], bad))
for key in ("languages", "formats", "sections"):
    for bad in (3, MAP, [1], "text"):
        case(f"edition {key}={bad!r}", set_yaml(PUB, ["editions", 1, key], bad))
for bad in ("../../../escape", "a/b", "..", "Summary", "x.y", "/abs"):
    case(f"edition id {bad!r}", set_yaml(PUB, ["editions", 1, "id"], bad))
    case(f"presentation {bad!r}", set_yaml(PUB, ["editions", 1, "presentations"], [bad]))
for bad in (3, "standard", [1]):
    case(f"presentations={bad!r}", set_yaml(PUB, ["editions", 1, "presentations"], bad))
for bad in ("rtf", "HTML", "../html"):
    case(f"format {bad!r}", set_yaml(PUB, ["editions", 1, "formats"], [bad]))
for bad in ("yes please", 3, [True]):
    case(f"unmarked={bad!r}", set_yaml(PUB, ["editions", 1, "unmarked"], bad))
case("edition glossary=some", set_yaml(PUB, ["editions", 1, "glossary"], "some"))
case("two editions with one id", set_yaml(PUB, ["editions", 1, "id"], "full"))
case("edition not a mapping", set_yaml(PUB, ["editions", 1], "summary"))
case("no editions", set_yaml(PUB, ["editions"], []))

# data files
GLOSS, PLAN, NOTICE = YAML_FILES[1:]
for key in ("term", "abbr", "expansion", "definition"):
    for bad in SCALAR_BAD:
        case(f"glossary {key}={type(bad).__name__}", set_yaml(GLOSS, ["terms", 0, key], bad))
for bad in (42, "text", MAP):
    case(f"glossary terms={bad!r}", set_yaml(GLOSS, ["terms"], bad))
    case(f"notice languages={bad!r}", set_yaml(NOTICE, ["languages"], bad))
    case(f"action plan foundations={bad!r}", set_yaml(PLAN, ["foundations"], bad))
for key in ("lang", "status", "text", "request"):
    for bad in SCALAR_BAD:
        case(f"notice {key}={type(bad).__name__}", set_yaml(NOTICE, ["languages", 0, key], bad))
for bad in ("en/GB", "../x"):
    case(f"notice lang {bad!r}", set_yaml(NOTICE, ["languages", 0, "lang"], bad))
for bad in SCALAR_BAD:
    case(f"notice contact_email={type(bad).__name__}", set_yaml(NOTICE, ["contact_email"], bad))
for key, bad in (("number", "seven"), ("number", 1.5), ("number", True), ("task_group", LIST),
                 ("task_group", "nope"), ("text", MAP), ("actions", LIST)):
    case(f"priority {key}={bad!r}",
         set_yaml(PLAN, ["foundations", 0, "priorities", 0, key], bad))
case("glossary too many terms", write(GLOSS, "terms:\n" + "".join(
    f"  - term: Term{i}\n    definition: d\n" for i in range(2100))))
case("exceptions without reason", write("content/exceptions.yaml",
                                         "exceptions:\n  - rule: H01\n"))
case("exceptions=3", write("content/exceptions.yaml", "exceptions: 3\n"))

# front matter
for key, bad in (("id", LIST), ("id", "Intro Page"), ("id", "../x"), ("level", "one"),
                 ("level", 3), ("level", True), ("audience", 5), ("audience", MAP),
                 ("audience", "yuong"), ("audience", ["full", "yuong"]), ("young_title", MAP)):
    case(f"front matter {key}={bad!r}", transform(INTRO, lambda b, k=key, v=bad: b.replace(
        b"id: intro\n", f"id: intro\n{k}: {json.dumps(v)}\n".encode()
        if k != "id" else f"id: {json.dumps(v)}\n".encode(), 1)))
case("no front matter", transform(INTRO, lambda b: b.split(b"---\n", 2)[2]))

# encodings and control characters, in every kind of file
for rel in TEXT_FILES:
    short = rel.rsplit("/", 1)[1]
    case(f"latin-1 {short}", transform(rel, lambda b: b.replace(b"\n", " caf\xe9\n".encode(
        "latin-1"), 3)))
    case(f"utf-16 {short}", transform(rel, lambda b: b.decode("utf-8").encode("utf-16")))
    case(f"random bytes {short}", write(rel, bytes(range(256)) * 4))
    case(f"control character {short}", transform(rel, lambda b: b.replace(b"\n", b"\x07\n", 2)))
    case(f"NUL byte {short}", transform(rel, lambda b: b + b"\x00"))
    case(f"huge {short}", write(rel, b"a: " + b"x" * 4_100_000 + b"\n"))

# YAML resource attacks
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(20))
for rel in YAML_FILES:
    short = rel.rsplit("/", 1)[1]
    case(f"alias bomb {short}", write(rel, BOMB))
    case(f"deep nesting {short}", write(rel, "a: " + "[" * 5000 + "]" * 5000 + "\n"))
    case(f"deep mapping {short}", write(rel, "".join(" " * i + f"k{i}:\n" for i in range(300))))
    case(f"duplicate key {short}", append(rel, "\n" + open(FIXTURES / "mini" / rel,
                                                           encoding="utf-8").readline()))
case("alias bomb front matter", transform(INTRO, lambda b: b.replace(
    b"id: intro\n", b"id: intro\n" + "\n".join(
        f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 9 if i else ["1"] * 9) + "]"
        for i in range(30)).encode() + b"\n", 1)))

# Markdown that would swallow, drop or smuggle text
MD = {
    "unclosed editor-note fence": "\n```{editor-note}\nnote\n\nThe rest of the file.\n",
    "unclosed quote fence": "\n```{quote}\ntext: x\n",
    "unclosed young container": "\n::: young\nFor children.\n\nThe rest.\n",
    "unknown container": "\n::: warning\nCareful.\n:::\n",
    "stray container close": "\n:::\n",
    "200-level list": "\n" + "".join("  " * i + "- item\n" for i in range(200)),
    "200 nested quotes": "\n" + ">" * 200 + " deep\n",
    "quote with a heading": "\n> Said:\n>\n> ## One\n",  # a list in a quote is published
    "raw html block": "\n<div onclick='x()'>hi</div>\n",
    "raw script": "\n<script>alert(1)</script>\n",
    "inline html": "\nText <img src=x onerror=alert(1)> here.\n",
    "javascript link": "\n[click](javascript:alert(1))\n",
    "data link": "\n[click](data:text/html,<script>alert(1)</script>)\n",
    "file link": "\n[click](file:///etc/passwd)\n",
    "vbscript link": "\n[click](vbscript:msgbox)\n",
    "link out of project": "\n[click](../../../etc/passwd)\n",
    "image out of project": "\n![A picture of the sea](../../../etc/passwd)\n",
    "image absolute": "\n![A picture of the sea](/etc/passwd)\n",
    "image remote": "\n![A picture of the sea](https://example.org/x.png)\n",
    "image git config": "\n![A picture of the sea](.git/config)\n",
    "image not in assets": "\n![A picture of the sea](content/publication.yaml)\n",
    "figure git config": "\n```{figure}\nsrc: .git/config\nalt: A picture of the sea\n```\n",
    "figure not a picture": "\n```{figure}\nsrc: assets/images/fake.png\nalt: The sea\n```\n",
    "figure svg with script": "\n```{figure}\nsrc: assets/images/evil.svg\nalt: The sea\n```\n",
    "unknown directive": "\n```{iframe}\nsrc: x\n```\n",
    "plain code fence": "\n```\ncode\n```\n",
    "indented code": "\n\n    indented code\n",
    "unknown role": "\nA {shell}`rm -rf` role.\n",
    "empty link": "\n[click]()\n",
    "hash link": "\n[click](#)\n",
    "placeholder": "\nSee (page ref) for more.\n",
    "comment debris": "\nSee [CSP Glossary | Word] for more.\n",
    "second h1": "\n# Another title\n",
    "skipped heading": "\n#### Deep heading\n",
}
for name, text in MD.items():
    case(f"markdown {name}", append(INTRO, text))
case("fake png", lambda root: (write("assets/images/fake.png", b"[core]\n\tbare = false\n")(root),
                               append(INTRO, MD["figure not a picture"])(root)))
case("svg with script", lambda root: (
    write("assets/images/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
          '</script></svg>')(root), append(INTRO, MD["figure svg with script"])(root)))

# paths and symlinks that leave the project
case("section file is a symlink out", symlink(INTRO, lambda r: outside_secret(r) / "s.md"))
case("content/data is a symlink out", symlink("content/data", outside_data))
case("glossary is a symlink out", symlink(GLOSS, lambda r: outside_secret(r) / "glossary.yaml"))
case("image is a symlink out", lambda root: (
    symlink("assets/images/box.png", lambda r: outside_secret(r) / "s.md")(root)))
case("publication is a symlink out", symlink(PUB, lambda r: outside_secret(r) / "s.md"))
case("section is a folder", lambda root: ((root / INTRO).unlink(), (root / INTRO).mkdir()))
case("publication missing", lambda root: (root / PUB).unlink())
case("data file missing", lambda root: (root / GLOSS).unlink())

# translations: content and interface catalogs, and XLIFF from an agency
CPO, MPO = "translations/pl/content.po", "translations/pl/LC_MESSAGES/messages.po"
PL = ("--edition", "full", "--lang", "pl")
PO_BAD = {
    "unterminated string": (b'msgstr "Wprowadzenie"', b'msgstr "Wprowadzenie'),
    "msgstr without quotes": (b'msgstr "Wprowadzenie"', b"msgstr Wprowadzenie"),
    "unknown keyword": (b'msgstr "Wprowadzenie"', b'msgstr "Wprowadzenie"\nmsgfoo "x"'),
    "conflict markers": (b'msgstr "Wprowadzenie"', b'<<<<<<< HEAD\nmsgstr "Wprowadzenie"\n'
                         b'=======\nmsgstr "Intro"\n>>>>>>> theirs'),
    "unknown charset": (b"charset=utf-8", b"charset=klingon-8"),
    "latin-1 charset": (b"charset=utf-8", b"charset=iso-8859-1"),
    "second msgstr": (b'msgstr "Wprowadzenie"', b'msgstr "Wprowadzenie"\nmsgstr "x"'),
}
for po in (CPO, MPO):
    short = "content.po" if po == CPO else "messages.po"
    for name, (old, new) in PO_BAD.items():
        if po == MPO and old.startswith(b'msgstr "Wprowadzenie"'):
            old, new = (old.replace(b"Wprowadzenie", b"J\xc4\x99zyki"),
                        new.replace(b"Wprowadzenie", b"J\xc4\x99zyki"))
        case(f"{short} {name}", transform(po, lambda b, o=old, n=new: b.replace(o, n, 1)), *PL)
    case(f"{short} latin-1", transform(po, lambda b: b.replace("ę".encode(), b"\xea")), *PL)
    case(f"{short} utf-16", transform(po, lambda b: b.decode("utf-8").encode("utf-16")), *PL)
    case(f"{short} random bytes", write(po, bytes(range(256)) * 4), *PL)
    case(f"{short} control character", transform(po, lambda b: b.replace(b"\n\n", b"\x1b\n\n",
                                                                           1)), *PL)
    case(f"{short} symlink out", symlink(po, lambda r: outside_secret(r) / "s.md"), *PL)
for name, new in (("script", b"Wprowadzenie <script>alert(1)</script>"),
                  ("javascript link", b"[Wprowadzenie](javascript:alert(1))"),
                  ("raw html", b"<b>Wprowadzenie</b>"), ("unknown role", b"{x}`y` Wprowadzenie"),
                  ("percent s", b"Wprowadzenie %s"), ("editor note", b"{editor-note}`x` W"),
                  ("placeholder", b"Wprowadzenie (page ref)")):
    case(f"content.po msgstr {name}", transform(CPO, lambda b, n=new: b.replace(
        b'msgstr "Wprowadzenie"', b'msgstr "' + n.replace(b'"', b'\\"') + b'"', 1)), *PL)
for name, new in (("percent s", b"J\xc4\x99zyki %s"), ("unknown name", b"%(who)s"),
                  ("lone percent", b"100 %"), ("missing name", b"Wyda\xc5\x82: %(date)s")):
    old = b'msgstr "Wyda\xc5\x82: %(publisher)s, %(date)s"' if "name" in name else \
        b'msgstr "J\xc4\x99zyki"'
    case(f"messages.po msgstr {name}", transform(MPO, lambda b, o=old, n=new: b.replace(
        o, b'msgstr "' + n + b'"', 1)), *PL)
XLF = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:'
       '2.0" version="2.0" srcLang="en-GB" trgLang="{lang}"><file id="content"><unit id="intro">'
       '<segment state="translated"><source>Introduction</source><target>{target}</target>'
       '</segment></unit></file></xliff>\n')
for name, lang, target in (
        ("inline pc", "pl", 'Wpro<pc id="1">wa</pc>dzenie'), ("inline ph", "pl", 'W<ph id="1"/>x'),
        ("trgLang escapes", "../../x", "W"), ("trgLang slash", "pl/../pl", "W"),
        ("unknown language", "xx", "W"), ("not xml", "pl", "<unclosed>")):
    case(f"xliff {name}", write("agency.xlf", XLF.format(lang=lang, target=target)),
         "i18n", "import-xliff", "{root}/agency.xlf")
case("xliff entity", write("agency.xlf", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                            '"file:///etc/passwd">]>' + XLF.split("?>", 1)[1].format(
                                lang="pl", target="&e;")), "i18n", "import-xliff",
     "{root}/agency.xlf")
case("xliff latin-1", write("agency.xlf", XLF.format(lang="pl", target="Wprowadzenie caf\xe9")
                            .encode("latin-1")), "i18n", "import-xliff", "{root}/agency.xlf")
case("xliff unknown unit", write("agency.xlf", XLF.replace('unit id="intro"', 'unit id="nope"')
                                 .format(lang="pl", target="W")), "i18n", "import-xliff",
     "{root}/agency.xlf")

# the command line and the environment
for value in ("abc", "-1", "99999999999999999", "1e9", "12.5", "١٢٣"):
    case(f"SOURCE_DATE_EPOCH={value}", lambda root: None, f"env:SOURCE_DATE_EPOCH={value}")
case("--out is a file", lambda root: (root / "dist-file").write_text("x"),
     "--out", "{root}/dist-file")
for value in ("0/2", "3/2", "a/b", "1", "-1/2"):
    case(f"--shard {value}", lambda root: None, "--shard", value)
for value in ("ftp://x/", "javascript:alert(1)", "https://x/?q=1", "not a url"):
    case(f"--base-url {value}", lambda root: None, "--base-url", value)
case("i18n export-xliff to a folder", lambda root: (root / "xf").mkdir(),
     "i18n", "export-xliff", "pl", "{root}/xf")
case("i18n import-xliff missing", lambda root: None, "i18n", "import-xliff", "{root}/nope.xlf")
case("i18n lang with slash", lambda root: None, "i18n", "export-xliff", "../pl", "{root}/x.xlf")
case("merge missing shard", lambda root: None, "merge", "{root}/no-such-shard")
case("check garbage manifest", lambda root: None, "check", "garbage-manifest")


# --- running them -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_base(tmp_path_factory) -> Path:
    """The fixture project, built once (web pages of both editions, English and Polish)."""
    base = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURES / "mini", base)
    shutil.copytree(ROOT / "layouts", base / "layouts")
    proc = run_build(*BASE_ARGS, "--edition", "summary,full", root=base, out=base / "dist")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return base


BASE_ARGS = ("--edition", "summary", "--format", "html", "--no-browser", "--jobs", "1", "-q")


def snapshot(folder: Path, skip: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            p = Path(dirpath) / f
            if not p.is_relative_to(skip) and not p.is_symlink():
                out[str(p)] = p.read_bytes()
    return out


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 200, len(CASES)


@dataclass
class Outcome:
    status: object
    text: str
    outside: list[str]  # files written or changed outside --out
    changed: list[str]  # previously published artifacts that changed
    leaked: list[str]  # published pages with secret text, scripts or event handlers

    @property
    def kind(self) -> str:
        """clean / traceback / silent / escape / loss (bench/hostile.py prints the counts)."""
        if self.outside or self.leaked:
            return "escape"
        if "Traceback" in self.text or "internal error" in self.text:
            return "traceback"
        if self.status in (0, None):
            return "silent"
        if self.changed:
            return "loss"
        said = FINDING.search(self.text) or USAGE.search(self.text) or "error:" in self.text
        return "clean" if said else "silent"


def run_case(name: str, base: Path, tmp_path: Path, fds: bool = False) -> Outcome:
    """One case on a fresh copy of the built fixture project, through the real command line
    in this process (one worker). `fds`: also capture what is written to file descriptors 1
    and 2 (code that bound sys.stdout at import; bench/hostile.py on an older checkout)."""
    mutation, args = CASES[name]
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    out = root / "dist"
    published = {e["path"]: (out / e["path"]).read_bytes() for e in json.loads(
        (out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]}
    mutation(root)
    if "garbage-manifest" in args:
        (out / "manifest.json").write_text("[1, {\"path\": \"../../etc/passwd\"}", "utf-8")
        published = {}
    before = snapshot(tmp_path, out)
    argv = ["--root", str(root), "--out", str(out)]
    command = [a.replace("{root}", str(root)) for a in args
               if not a.startswith("env:") and a != "garbage-manifest"]
    env = dict(a[4:].split("=", 1) for a in args if a.startswith("env:"))
    if command and command[0] in ("i18n", "merge", "check"):
        argv = [command[0], *argv, *command[1:]]
    else:
        argv += [*BASE_ARGS, *command]
        if "--edition" not in command:
            argv += ["--edition", "summary"]
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    raw = tempfile.TemporaryFile()
    saved_fds = [os.dup(1), os.dup(2)] if fds else []
    for fd in (1, 2) if fds else ():
        sys.__stdout__.flush(), sys.__stderr__.flush()
        os.dup2(raw.fileno(), fd)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                status = main(argv)
            except SystemExit as exc:  # argparse and option errors
                status = exc.code
                print(exc.code if isinstance(exc.code, str) else "", file=sys.stderr)
            except BaseException:  # noqa: BLE001 - an escaped exception is what we measure
                traceback.print_exc()
                status = "exception"
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        if fds:
            sys.__stdout__.flush(), sys.__stderr__.flush()
            for fd, old in zip((1, 2), saved_fds, strict=True):
                os.dup2(old, fd)
                os.close(old)
        raw.seek(0)
        stderr.write(raw.read().decode("utf-8", "replace"))
    after = snapshot(tmp_path, out)
    outside = [k for k in after if k not in before] + [k for k, v in before.items()
                                                       if after.get(k) != v]
    outside += [str(p) for p in tmp_path.parent.glob("escape*")]
    changed = [p for p, data in published.items()
               if not (out / p).is_file() or (out / p).read_bytes() != data]
    leaked = []
    for f in out.rglob("*.html"):  # the site, and the reports that quote the bad input
        page = f.read_text(encoding="utf-8", errors="replace")
        bad = "TOP-SECRET-TEXT" in page or active_markup(page) or \
            (f.is_relative_to(out / "site") and "[core]" in page)
        if bad:
            leaked.append(str(f))
    return Outcome(status, stdout.getvalue() + stderr.getvalue(), outside, changed, leaked)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_cleanly(name, built_base, tmp_path):
    o = run_case(name, built_base, tmp_path)
    assert o.status not in (0, None), f"accepted:\n{o.text}"
    assert "Traceback" not in o.text and "internal error" not in o.text, o.text
    assert FINDING.search(o.text) or USAGE.search(o.text) or "error:" in o.text, o.text
    assert not o.outside, f"written outside --out: {o.outside}"
    assert not o.changed, f"published artifacts changed: {o.changed}"
    assert not o.leaked, f"scripts or secrets published: {o.leaked}"
    assert o.kind == "clean"
