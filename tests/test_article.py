"""The reader: structure from the plain-text rendering, whatever quirks the file has."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from battlegraph._article import parse_article, read_article
from battlegraph._errors import EmptyArticleError, EncodingError, NotAnArticleError, UnreadableFileError

from .conftest import ARTICLES

NAMWON = (ARTICLES / "siege_of_namwon.txt").read_bytes()


def test_seed_structure() -> None:
    article = read_article(ARTICLES / "siege_of_jinju_1592.txt")
    assert article.title == "Siege of Jinju (1592)"
    assert article.infobox_header == "Infobox"
    assert [f.key for f in article.infobox][:3] == ["Conflict", "Partof", "Date"]
    assert article.infobox[0].line == 4
    titles = [trail for trail, _ in article.walk()]
    assert ("Military strength", "Joseon") in titles and ("Military strength", "Japan") in titles
    joseon = next(s for trail, s in article.walk() if trail == ("Military strength", "Joseon"))
    assert next(b.text for b in joseon.bullets) == "Kim Si-min – 3,700 soldiers"
    assert joseon.lines[-1].text == "Total 3,800 soldiers and 2,200 irregulars" and not joseon.lines[-1].bullet
    assert joseon.bullets[0].line == 23


def test_bom_and_crlf_give_the_same_article() -> None:
    plain = parse_article(NAMWON, "a.txt")
    for data in (b"\xef\xbb\xbf" + NAMWON.replace(b"\n", b"\r\n"), NAMWON.replace(b"\n", b"\r")):
        other = parse_article(data, "a.txt")
        assert other.infobox == plain.infobox
        assert other.sections == plain.sections
        assert other.sha256 == hashlib.sha256(data).hexdigest()  # the hash of the file as read


def test_missing_infobox_line_still_finds_the_fields() -> None:
    text = NAMWON.decode().replace("Infobox\n", "", 1)
    article = parse_article(text, "a.txt")
    assert article.infobox_header is None
    assert article.infobox[0].key == "Conflict" and article.infobox[0].line == 3


def test_stray_header_is_kept_apart() -> None:
    article = read_article(ARTICLES / "11_battle_of_the_yalu_river_1894.txt")
    assert article.infobox_header == "China"
    assert [f.key for f in article.infobox][:3] == ["Conflict", "Partof", "Date"]


def test_wrapped_value_joins_the_field_above() -> None:
    text = "= T =\n\nInfobox\n- Commander1: A, B\n- C\n- Result: won\n"
    article = parse_article(text)
    assert [(f.key, f.value) for f in article.infobox] == [("Commander1", "A, B, C"), ("Result", "won")]


def test_title_only_article() -> None:
    article = parse_article("= Lonely =\n")
    assert article.title == "Lonely" and article.infobox == () and article.sections == ()


def test_headings_nest_by_level() -> None:
    text = "= T =\n\nlead\n\n===Deep first===\nx\n== A ==\n=== A1 ===\n- b\n==B==\ny\n"
    article = parse_article(text)
    assert [(s.title, s.level) for s in article.sections] == [("Deep first", 3), ("A", 2), ("B", 2)]
    assert article.sections[1].subsections[0].bullets[0].text == "b"
    assert [line.text for line in article.lead] == ["lead"]


@pytest.mark.parametrize(
    ("data", "error", "line", "reason"),
    [
        (b"", EmptyArticleError, None, "empty file"),
        (b"  \n\n\t\n", EmptyArticleError, None, "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", EncodingError, 3, "binary data"),
        (b"= Title =\n\nInfobox\n- Place: Jinju\xff\n", EncodingError, 4, "not UTF-8"),
        (b"Just some prose.\n= Late title =\n", NotAnArticleError, 1, "expected a title line"),
        (b"== Section ==\ntext\n", NotAnArticleError, 1, "expected a title line"),
    ],
)
def test_bad_input_names_file_line_and_reason(
    tmp_path: Path, data: bytes, error: type[Exception], line: int | None, reason: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_article(path)
    exc = caught.value
    assert exc.path == str(path)  # type: ignore[attr-defined]
    assert exc.line == line  # type: ignore[attr-defined]
    assert reason in str(exc) and str(path) in str(exc)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(UnreadableFileError, match="directory"):
        read_article(tmp_path)


def test_large_file_is_read(tmp_path: Path) -> None:
    body = ("A long paragraph of prose about the siege. " * 40 + "\n\n") * 6000
    path = tmp_path / "big.txt"
    path.write_text(NAMWON.decode() + "\n==Appendix==\n" + body, encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    article = read_article(path)
    assert article.title == "Siege of Namwon" and article.sections[-1].title == "Appendix"
