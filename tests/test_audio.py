"""Spoken audio (editions/voices.py, speech.py, writers/mp3.py, checks/audio.py): MP3s of a copy
of the small fixture — with acronyms, a year range, and Polish and Chinese passages added — are
written and read back with mutagen (chapters, metadata, duration against the word count, the
same bytes twice); espeak-ng's phonemes show how the prepared text is read (acronyms as
letters, no English digit names out of Chinese, the Polish passage in the Polish voice); the
checker is shown to find each kind of damage; a language with no voice is a finding, and the
other formats are still built."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import wave
from functools import cache
from pathlib import Path

import pytest
from conftest import build_without_polish_voice

if not shutil.which("espeak-ng") or not shutil.which("ffmpeg"):
    pytest.skip("espeak-ng and ffmpeg are needed for the audio edition: apt-get install "
                "--no-install-recommends espeak-ng ffmpeg (scripts/setup.sh)",
                allow_module_level=True)
mutagen = pytest.importorskip("mutagen", reason="mutagen reads the MP3 back: pip install mutagen "
                              "(requirements.lock)")

from mutagen.id3 import ID3  # noqa: E402
from mutagen.mp3 import MP3  # noqa: E402

from editions import model as m  # noqa: E402
from editions import speech, voices  # noqa: E402
from editions.checks import audio  # noqa: E402
from editions.config import BuildConfig  # noqa: E402
from editions.findings import ContentError  # noqa: E402
from editions.languages import Languages  # noqa: E402
from editions.pipeline import load  # noqa: E402
from editions.select import EditionDoc, copy_sections  # noqa: E402
from editions.writers import mp3  # noqa: E402
from editions.writers.mp3 import Mp3Writer  # noqa: E402

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
ADDED = ("\nThe UNCRC lists your rights. This plan runs from 2026–2029. GIRFEC means the right "
         "help at\nthe right time, and the NHS helps too. Read [the children's rights page]"
         "(https://example.org/rights).\n")
TERMS = "".join(f"  - term: {t}\n    expansion: {x}\n    definition: |\n      {d}\n" for t, x, d in (
    ("UNCRC", "United Nations Convention on the Rights of the Child", "Every child's rights."),
    ("GIRFEC", "Getting It Right For Every Child", "Scotland's way of helping every child.")))
POLISH = "Ten dokument jest dostępny w innych formatach."
CHINESE = "我们的计划是为了儿童。本文件可以提供其他格式。"
NOTICE = "".join(f'  - lang: {lang}\n    status: reviewed\n    text: {text}\n    request: "{ask}"\n'
                 for lang, text, ask in (("pl", POLISH, "Kontakt:"),
                                         ("zh-Hans", CHINESE, "联系方式：")))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the small fixture with acronyms, a year range, a link, Polish and Chinese."""
    root = tmp_path_factory.mktemp("audio") / "mini"
    shutil.copytree(MINI, root)
    for rel, text in (("sections/01-intro.md", ADDED), ("data/glossary.yaml", TERMS),
                      ("data/notice.yaml", NOTICE)):
        with (root / "content" / rel).open("a", encoding="utf-8") as f:
            f.write(text)
    return root


@cache
def _selected(root: Path, lang: str) -> tuple[EditionDoc, BuildConfig, list]:
    cfg = BuildConfig(root=root, out=root / "dist", browser=False, jobs=1)
    src, _used = load(cfg)
    spec = next(e for e in src.editions if e.id == "full")
    ed, _reader = Languages(cfg).select(src, spec, lang, "standard",
                                        cfg.timestamp(src.doc.meta.date).isoformat())
    return ed, cfg, src.doc.notes


def edition(root: Path, lang: str = "en-GB") -> tuple[EditionDoc, BuildConfig, list]:
    ed, cfg, notes = _selected(root, lang)
    return dataclasses.replace(ed, sections=copy_sections(ed.sections)), cfg, notes


@pytest.fixture(scope="module")
def english(project, tmp_path_factory) -> tuple[EditionDoc, Path, bytes]:
    ed, cfg, _ = edition(project)
    data = Mp3Writer().write(ed, cfg)
    path = tmp_path_factory.mktemp("mp3") / "full.mp3"
    path.write_bytes(data)
    return ed, path, data


def said(ssml: str, voice: voices.Voice) -> str:
    """espeak-ng's phonemes of an SSML document, read as the writer reads it."""
    return subprocess.run(["espeak-ng", "-v", voice.name, "-q", "-x", "-m", ssml],
                          capture_output=True, text=True, check=True).stdout


def chapter_ssml(ed: EditionDoc, text: str, lang: str) -> str:
    voice = voices.voice_for(lang)
    return speech.ssml(lang, speech.pieces(ed, text, voice, lang))


# --- the file ---------------------------------------------------------------------------------


def test_chapters_are_the_sections_in_order(english):
    ed, path, _ = english
    tags = ID3(path)
    toc = tags.getall("CTOC")[0]
    assert toc.flags == 3  # top level, ordered
    chaps = [tags[f"CHAP:{i}"] for i in toc.child_element_ids]
    titles = [str(c.sub_frames["TIT2"]) for c in chaps]
    assert titles == [ed.title, "Introduction", "More for the full edition", "Appendix"]
    assert len(chaps) == 1 + len(ed.sections)
    assert chaps[0].start_time == 0
    assert all(c.end_time > c.start_time for c in chaps)
    assert all(a.end_time == b.start_time for a, b in zip(chaps, chaps[1:]))
    length_ms = MP3(path).info.length * 1000
    assert length_ms - 200 < chaps[-1].end_time <= length_ms


def test_duration_fits_the_word_count(english):
    ed, path, _ = english
    words = sum(c.words for c in speech.prepare(ed).chapters)
    minutes = MP3(path).info.length / 60
    assert 120 <= words / minutes <= 200, (words, minutes)
    # and the checker says it is too fast when the same words take a quarter of the time
    found = audio._rate(speech.prepare(ed), minutes * 60 / 4, "x.mp3")
    assert [f.rule for f in found] == ["A03"]


def test_metadata(english):
    ed, path, _ = english
    tags = ID3(path)
    assert tags.version == (2, 4, 0)
    assert str(tags["TIT2"]) == ed.title == "Mini Plan 2026–2029"
    assert str(tags["TPE1"]) == str(tags["TPUB"]) == "Test Partnership"
    assert str(tags["TALB"]) == "Mini Plan 2026–2029"
    assert str(tags["TLAN"]) == "eng"
    comment = tags.getall("COMM")[0]
    assert comment.lang == "eng" and comment.text[0].startswith("Mini Plan 2026–2029\n")
    assert "Test Partnership" in comment.text[0]
    assert not tags.getall("TSSE") and not tags.getall("TXXX")  # no encoder, no stray tags
    info = MP3(path).info
    assert (info.channels, info.sample_rate, info.bitrate) == (1, 22050, 64000)


def test_same_input_same_bytes(english, project):
    ed, cfg, _ = edition(project)
    assert Mp3Writer().write(ed, cfg) == english[2]


def test_checker_passes_the_written_file(english, project):
    ed, path, _ = english
    _, _, notes = edition(project)
    assert audio.check(path, "site/en-GB/full.mp3", ed, notes) == []


# --- how the text is read ----------------------------------------------------------------------


def test_check_hears_what_the_writer_heard(english, tmp_path):
    """The phonemes espeak-ng printed while the writer made each chapter's WAV (kept for the
    A04 check, so the check does not read the text again) are those a fresh -q -x reading of
    the same SSML gives; other arguments are read afresh."""
    ed = english[0]
    sp = speech.prepare(ed)
    for i, chapter in enumerate(sp.chapters[:3]):
        voices.synthesize(sp.voice, chapter.ssml, tmp_path, f"w{i}")
        assert (tmp_path / f"w{i}.wav").stat().st_size > 1000
        kept = voices.spoken_phonemes(voices.phoneme_args(sp.voice, "x"), chapter.ssml,
                                      tmp_path, "kept")
        assert kept == said_file(chapter.ssml, sp.voice, tmp_path) and kept.strip()
    plain = [a for a in voices.phoneme_args(sp.voice, "x") if a != "-m"]
    raw = voices.spoken_phonemes(plain, sp.chapters[0].ssml, tmp_path, "raw")
    assert raw != said_file(sp.chapters[0].ssml, sp.voice, tmp_path)  # the tags read out


def said_file(ssml: str, voice: voices.Voice, folder: Path) -> str:
    (folder / "fresh.ssml").write_text(ssml, encoding="utf-8")
    return subprocess.run(["espeak-ng", *voices.phoneme_args(voice, str(folder / "fresh.ssml"))],
                          capture_output=True, text=True, check=True).stdout


def test_acronym_read_as_letters(english):
    ed = english[0]
    en = voices.ENGLISH
    ssml = chapter_ssml(ed, "The UNCRC protects you.", "en-GB")
    assert "U.N.C.R.C" in ssml
    letters = voices.normalise(voices.phonemes_of("U N C R C", en))  # spelled out by hand
    word = voices.normalise(voices.phonemes_of("UNCRC", en))  # espeak-ng's own guess
    assert letters == "ju:Ensi:A@si:".replace(":", "") and word != letters
    phon = voices.normalise(said(ssml, en))
    assert letters in phon and word not in phon
    # Polish letter names too (dotted: spaced W and Z would be read as prepositions)
    pl = voices.VOICES["pl"]
    phon = voices.normalise(said(chapter_ssml(ed, "Konwencja UNCRC i WZ.", "pl"), pl))
    assert voices.normalise(voices.phonemes_of("U N C R C", pl)) in phon
    assert "vuzEt" in phon  # "wu zet"


def test_girfec_is_said_as_a_word_in_english(english):
    ed = english[0]
    ssml = chapter_ssml(ed, "Wszyscy znają GIRFEC.", "pl")
    assert '<voice xml:lang="en-GB" name="en-gb">girfec' in ssml
    assert "g3:fEk" in said(ssml, voices.VOICES["pl"]).replace("'", "")


def test_first_use_reads_the_expansion_once(english):
    ed = english[0]
    intro = next(c for c in speech.prepare(ed).chapters if c.section == "intro")
    assert "U.N.C.R.C (United Nations Convention on the Rights of the Child)" in intro.ssml
    assert intro.ssml.count("Getting It Right") <= 1
    assert "2026 to 2029" in intro.ssml


def test_year_range_in_the_edition_language(english, project):
    ed = english[0]
    assert "2026 to 2029" in chapter_ssml(ed, "From 2026–2029.", "en-GB")
    assert "ages 5 to 8" in chapter_ssml(ed, "ages 5-8", "en-GB")
    assert "2026-11-23" in chapter_ssml(ed, "2026-11-23", "en-GB")  # a date is no range
    assert "2026 do 2029" in chapter_ssml(ed, "Plan 2026–2029.", "pl")
    assert "二〇二六至二〇二九年" in chapter_ssml(ed, "计划（2026–2029年）", "zh-Hans")
    assert "从二〇二六年到二〇二九年，20年" in chapter_ssml(ed, "从2026年到2029年，20年", "zh-Hans")
    ed_pl, _, _ = edition(project, "pl")
    assert "2026 do 2029" in speech.prepare(ed_pl).chapters[0].ssml  # the title


def test_polish_passage_in_the_polish_voice(english):
    ed = english[0]
    appendix = speech.prepare(ed).chapters[-1]
    assert f'<voice xml:lang="pl" name="pl">{POLISH}' in appendix.ssml
    polish = " ".join(voices.phonemes_of(POLISH, voices.VOICES["pl"]).split())
    assert polish in " ".join(said(appendix.ssml, voices.ENGLISH).split())


def test_chinese_without_english_digit_names(english):
    ed = english[0]
    digits = " ".join(voices.phonemes_of(w, voices.ENGLISH) for w in voices.DIGIT_NAMES)
    assert voices.normalise(digits) == "".join(voices.DIGIT_NAMES.values())
    # the rejected voice: `cmn` reads the pinyin of 们 as "men five"
    cmn = voices.Voice("cmn", "", "zho")
    assert voices.english_digits(voices.phonemes_of(CHINESE, cmn))
    # the voice chosen, in the SSML the writer makes (named alone), inside an English chapter
    appendix = speech.prepare(ed).chapters[-1]
    assert '<voice name="cmn-latn-pinyin">我们的计划' in appendix.ssml
    phon = said(appendix.ssml, voices.ENGLISH)
    assert "w'o21_| m@44n_|" in phon and voices.english_digits(phon) == []
    # any xml:lang on the voice makes espeak-ng 1.51 take `cmn` again
    wrong = appendix.ssml.replace('<voice name="cmn-latn-pinyin">',
                                  '<voice xml:lang="zh" name="cmn-latn-pinyin">')
    assert voices.english_digits(said(wrong, voices.ENGLISH))
    # Latin in Chinese is read by the English voice (the Mandarin one would read it as pinyin)
    ssml = chapter_ssml(ed, "议会和NHS必须每三年制定一份新计划。", "zh-Hans")
    assert '<voice xml:lang="en-GB" name="en-gb">N.H.S</voice>' in ssml


def test_figure_and_links_and_tables(english):
    ed = english[0]
    intro = next(c for c in speech.prepare(ed).chapters if c.section == "intro")
    assert "Picture: A navy outlined box, standing for the partnership" in intro.ssml
    assert "Measure: Referrals" in intro.ssml and "Value: 200" in intro.ssml
    assert f'Part one<break time="{speech.PAUSE_MS["heading"]}ms"/>' in intro.ssml
    assert f'Introduction<break time="{speech.PAUSE_MS["heading1"]}ms"/>' in intro.ssml
    assert "Read the children's rights page." in intro.ssml  # a link: its text only
    assert "example.org/rights" not in intro.ssml
    summary = dataclasses.replace(ed, summary=True)  # the summary notice, on the title page
    first = speech.prepare(summary).chapters[0]
    assert first.title == summary.title and first.ssml.count("This is a summary.") == 1


def test_editor_notes_are_refused(project):
    ed, _, _ = edition(project)
    ed.sections[0].blocks.append(m.EditorNote(kind="editor-note", text="Graphics note"))
    with pytest.raises(ContentError, match="E01"):
        speech.prepare(ed)


# --- the checker finds damage ---------------------------------------------------------------


def test_checker_finds_missing_chapter_and_language(english, tmp_path):
    ed, path, _ = english
    broken = tmp_path / "broken.mp3"
    shutil.copy(path, broken)
    tags = ID3(broken)
    tags.delall("TLAN"), tags.delall("CHAP:ch2")
    toc = tags.getall("CTOC")[0]
    toc.child_element_ids = [i for i in toc.child_element_ids if i != "ch2"]
    tags.save(broken)
    assert {"A01", "A02"} <= {f.rule for f in audio.check(broken, "x.mp3", ed, [])}


def test_checker_finds_markup_read_aloud(english, monkeypatch):
    ed, path, _ = english
    plain = voices.phoneme_args  # without -m, espeak-ng reads the tags as text
    monkeypatch.setattr(audio, "phoneme_args", lambda v, f: [a for a in plain(v, f) if a != "-m"])
    found = [f for f in audio.check(path, "x.mp3", ed, []) if f.rule == "A04"]
    assert any("markup read aloud" in f.message for f in found)


def test_checker_finds_acronyms_read_as_words(english):
    ed = english[0]
    sp = speech.prepare(ed)
    raw = speech.ssml("en-GB", [speech.Piece(voices.ENGLISH, "The UNCRC.")])  # not prepared
    bad = dataclasses.replace(sp.chapters[1], ssml=raw, runs=[("The UNCRC.", "en-GB")])
    found = audio._spoken(dataclasses.replace(sp, chapters=[bad]), [said(raw, voices.ENGLISH)],
                          "x.mp3")
    assert [f.rule for f in found] == ["A04"] and "UNCRC" in found[0].message


def test_checker_finds_tone_digits(english, monkeypatch):
    ed = english[0]
    monkeypatch.setitem(voices.VOICES, "zh", voices.Voice("cmn", "", "zho", True))
    sp = speech.prepare(ed)
    found = audio._spoken(sp, audio.phonemes(sp), "x.mp3")
    assert any("digit names" in f.message for f in found)


def test_checker_finds_passage_in_the_wrong_voice(english):
    ed = english[0]
    sp = speech.prepare(ed)
    last = sp.chapters[-1]
    wrong = last.ssml.replace('<voice xml:lang="pl" name="pl">', f"<voice {voices.ENGLISH.attrs}>")
    sp.chapters[-1] = dataclasses.replace(last, ssml=wrong)
    found = audio._voices(sp, ed, "x.mp3")
    assert [f.rule for f in found] == ["A05"] and "'pl'" in found[0].message


# --- a language with no voice ---------------------------------------------------------------


def test_edition_language_without_voice_is_refused(english, project):
    ed, cfg, _ = edition(project)
    with pytest.raises(ContentError) as err:
        Mp3Writer().write(dataclasses.replace(ed, lang="sco"), cfg)
    f = err.value.finding
    assert f.rule == "A05" and "'sco'" in f.message and "translations/sco/language.yaml" in f.fix


def test_passage_without_voice_is_read_and_reported(english, project, tmp_path):
    ed, cfg, _ = edition(project)
    ed.sections[0].blocks.append(m.Group(lang="sco", blocks=[
        m.Paragraph(children=[m.Text(text="Aw the bairns o Scotland.")])]))
    path = tmp_path / "scots.mp3"
    path.write_bytes(Mp3Writer().write(ed, cfg))
    found = audio.check(path, "x.mp3", ed, [])
    assert [(f.rule, f.level) for f in found] == [("A05", "warning")]
    assert "'sco'" in found[0].message and "en-gb" in found[0].message


def test_other_formats_are_still_built(project, tmp_path, monkeypatch):
    """Through the pipeline: with the Polish voice taken away, the Polish MP3 is refused with
    A05 and no traceback; the Polish HTML and the English MP3 are written."""
    from editions import checks, writers

    monkeypatch.setitem(writers.REGISTRY, "mp3", "editions.writers.mp3:Mp3Writer")
    monkeypatch.setitem(checks.REGISTRY, "mp3", "editions.checks.audio:check")
    result = build_without_polish_voice(project, tmp_path, monkeypatch, "html, mp3")
    written = {e["path"] for e in result.written}
    assert "site/en-GB/full.mp3" in written and "site/pl/full.html" in written
    assert "site/pl/full.mp3" not in written
    refused = [f for f in result.findings if f.rule == "A05" and f.level == "error"]
    assert refused and "'pl'" in refused[0].message
    assert not [f for f in result.findings if f.rule in ("W01", "W02")]


# --- the tag ffmpeg writes, repaired ----------------------------------------------------------


def test_long_chapter_titles_and_many_chapters(tmp_path):
    """ffmpeg 5.1 writes CHAP and CTOC sizes as plain integers; past 127 bytes mutagen (and
    players) lose every frame after them. The writer's repair keeps all of them."""
    wavs = []
    for i in range(40):
        path = tmp_path / f"ch{i:03d}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(voices.SAMPLE_RATE)
            w.writeframes(b"\0\0" * 2205 * (i + 1))
        wavs.append(path)
    titles = ["ضمیمہ 2: اصطلاحات کی فرہنگ " * 4] + [f"Chapter {i}" for i in range(1, 40)]
    meta = mp3.ffmetadata({"title": "T", "language": "urd"},
                          [(t, 2205 * (i + 1)) for i, t in enumerate(titles)])
    raw = mp3._encode(tmp_path, wavs, meta)
    assert int.from_bytes(raw[raw.index(b"CHAP") + 4:][:4], "big") > 127  # written unsafe
    fixed = tmp_path / "fixed.mp3"
    fixed.write_bytes(mp3.fix_tag(raw, "urd", "cover"))
    tags = ID3(fixed)
    toc = tags.getall("CTOC")[0]
    assert len(toc.child_element_ids) == 40
    assert [str(tags[f"CHAP:{i}"].sub_frames["TIT2"]) for i in toc.child_element_ids] == titles
    assert tags.getall("COMM")[0].text == ["cover"]
    assert MP3(fixed).info.length == pytest.approx(MP3(tmp_path / "out.mp3").info.length)
    body = b"x" * 200  # either form of size is read
    right = b"CHAP" + mp3._syncsafe(200) + b"\0\0" + body + b"TIT2" + mp3._syncsafe(2) + b"\0\0\3a"
    wrong = b"CHAP" + (200).to_bytes(4, "big") + b"\0\0" + body + right[210:]
    for tag in (right + b"\0" * 10, wrong + b"\0" * 10):
        frames, padding = mp3.tag_frames(tag)
        assert [(f[0], len(f[2])) for f in frames] == [(b"CHAP", 200), (b"TIT2", 2)]


# --- a translation -------------------------------------------------------------------------


def test_polish_edition(project, tmp_path):
    ed, cfg, notes = edition(project, "pl")
    sp = speech.prepare(ed)
    assert sp.voice.name == "pl"
    intro = next(c for c in sp.chapters if c.section == "intro")
    assert intro.title == "Wprowadzenie"
    # the paragraph not yet translated stays English, in the English voice
    before = intro.ssml[:intro.ssml.index("The U.N.C.R.C lists your rights")]
    assert before[before.rindex("<voice"):].startswith('<voice xml:lang="en-GB" name="en-gb">')
    assert '<voice xml:lang="pl" name="pl">: </voice>' not in intro.ssml  # no switch for ": "
    path = tmp_path / "pl.mp3"
    path.write_bytes(Mp3Writer().write(ed, cfg))
    assert str(ID3(path)["TLAN"]) == "pol"
    assert audio.check(path, "site/pl/full.mp3", ed, notes) == []
