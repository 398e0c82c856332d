import codecs
import json

from factcheck.corpus import decode, read_corpus

ARTICLE = "Harbor Lights season 3 returns to the service on May 2, 2025, after a long wait.\n"


def test_corpus_encodings_are_detected(tmp_path):
    (tmp_path / "utf8.txt").write_text("Café Nocturne: " + ARTICLE, encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + ("Crème brûlée: " + ARTICLE).encode("utf-8"))
    (tmp_path / "utf16.txt").write_text("Señora Luna: " + ARTICLE, encoding="utf-16")
    (tmp_path / "latin1.txt").write_bytes(("Señora Luna, déjà vu, naïve: " + ARTICLE).encode("latin-1"))
    corpus = read_corpus(tmp_path)
    texts = {a.id: a.text for a in corpus.articles}
    assert texts["bom.txt"].startswith("Crème")
    assert texts["utf16.txt"].startswith("Señora Luna")
    assert texts["latin1.txt"].startswith("Señora Luna, déjà vu")
    assert corpus.warnings == []


def test_corpus_bad_files_are_named_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sources.jsonl").write_text('{"file": "good.txt", "published": "2025-01-02"}\n{broken\n', encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["copy.txt"] or [a.id for a in corpus.articles] == ["good.txt"]
    joined = "\n".join(corpus.warnings)
    assert "empty.txt: skipped" in joined
    assert "junk.txt: skipped" in joined
    assert "sources.jsonl line 2" in joined
    assert "same text as" in joined
    assert set(corpus.skipped) == {"empty.txt", "junk.txt"}


def test_corpus_metadata_from_sidecar_front_matter_and_text(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: Lights out\npublished: 2024-11-03\n---\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Status: pending (Last Updated: 14/03/2024)\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "sources.jsonl").write_text(json.dumps({"file": "a.txt", "title": "Season 3", "url": "https://example.org/a",
                                                        "published": "2025-01-02"}) + "\n", encoding="utf-8")
    arts = {a.id: a for a in read_corpus(tmp_path).articles}
    assert (arts["a.txt"].published.isoformat(), arts["a.txt"].published_source) == ("2025-01-02", "metadata")
    assert (arts["b.md"].title, arts["b.md"].published.isoformat()) == ("Lights out", "2024-11-03")
    assert arts["b.md"].text.startswith("---\n"), "front matter stays so offsets are file offsets"
    assert (arts["c.txt"].published.isoformat(), arts["c.txt"].published_source) == ("2024-03-14", "text")


def test_corpus_jsonl_articles_get_line_ids(tmp_path):
    rows = [{"text": ARTICLE, "title": "one"}, {"nope": 1}, {"text": "Another piece about season 4 of Harbor Lights.\n"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["feed.jsonl#1", "feed.jsonl#3"]
    assert any("feed.jsonl line 2" in w for w in corpus.warnings)


def test_corpus_universal_newlines_and_hidden_folders(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(b"Line one.\r\nLine two.\r\n")
    (tmp_path / ".factcheck").mkdir()
    (tmp_path / ".factcheck" / "x.txt").write_text("hidden", encoding="utf-8")
    arts = read_corpus(tmp_path).articles
    assert [a.id for a in arts] == ["crlf.txt"]
    assert arts[0].text == "Line one.\nLine two.\n"


def test_corpus_decode_rejects_binary():
    import pytest

    with pytest.raises(ValueError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_corpus_publication_date_from_front_matter_date_and_from_a_dateline(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Lantern Row returns\ndate: 2026-02-17\n---\n# Lantern Row returns\n\n" + ARTICLE,
                                   encoding="utf-8")
    (tmp_path / "b.txt").write_text("Lantern Row: what we know\n\nSeptember 10, 2025 | Screens Desk\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Lantern Row gets a date\nIssue 40 | 12 November 2025\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "d.txt").write_text("Lantern Row gets a date\nRelease date: March 3, 2026\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "e.txt").write_text("Lantern Row gets a date\nposted on 2024-06-20 09:15 JST by staff\n" + ARTICLE, encoding="utf-8")
    dates = {a.id: (a.published and a.published.isoformat(), a.published_source) for a in read_corpus(tmp_path).articles}
    assert dates["a.md"] == ("2026-02-17", "front_matter")
    assert dates["b.txt"] == ("2025-09-10", "text")
    assert dates["c.txt"] == ("2025-11-12", "text")
    assert dates["e.txt"] == ("2024-06-20", "text")
    assert dates["d.txt"] == (None, None)  # the date of a release is not the date of the article
