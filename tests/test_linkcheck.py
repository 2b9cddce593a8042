"""The link check's reading of a page: every anchor a link may point to, and only those."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.linkcheck import ID_RE, LinkChecker, _target, page_ids
from generator.urls import page_file


def test_anchors_are_id_and_name_attributes_in_any_quoting_and_case():
    html = ("<h2 id=\"punkt-1\">1</h2><a NAME='old'></a><div data-id=\"d\"></div>"
            "<p ID = \"spaced\" class=\"x\" title='a=b'>uuid=\"not\" grid=\"no\"</p><input id=\"\">")
    assert page_ids(html) == {"punkt-1", "old", "d", "spaced", ""}


def test_anchors_follow_the_id_pattern_at_word_starts_only():
    # A word boundary before the name: "data-id" and "x.name" count, "uuid", "aria-labelledby"
    # and "idx" do not; "i" in any case includes the Turkish dotted and dotless i; any Unicode
    # whitespace may surround "=".
    html = ("<p data-id='a' aria-labelledby=\"b\" idx=\"c\" x.name=\"d\" İD='e' ıd='f' _id='g'"
            " id\n=\n'h' name=i id=\"j>\" NaMe\u00a0=\u00a0\"k\">")
    assert page_ids(html) == {"a", "d", "e", "f", "h", "j>", "k"}


def test_anchors_inside_an_anchor_value_are_not_read_again():
    # Matches do not overlap: the value of the first attribute is taken whole.
    assert page_ids("<a name=\"id='inner'\" title=\"x id='seen'\">") == {"id='inner'", "seen"}
    assert page_ids("<a id='x\" name=\"y'>") == {'x" name="y'}


_TOKENS = ["id", "ID", "İd", "ıd", "name", "NAME", "nAmE", "data-", "u", "x", "_", "9", "é", "=", " ", "\t",
           "\n", "\u00a0", '"', "'", "<a ", "<p ", ">", "href"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_anchors_are_exactly_what_the_id_pattern_finds(tokens):
    html = "".join(tokens)
    assert page_ids(html) == {a or b for a, b in ID_RE.findall(html)}


def test_a_link_to_a_missing_anchor_is_reported_as_written():
    pages = {"a/index.html": '<h2 id="punkt-1"></h2><a href="#punkt-2">2</a><a href="#punkt-1">1</a>',
             "b/c/index.html": '<a href="../../a/#punkt-2">x</a><a href="/a/index.html#punkt-2">y</a>'
                               '<a href="../../a/">z</a><a href="../../d/">w</a><a href="../../../up">u</a>'}
    check = LinkChecker()
    for path, html in pages.items():
        check.add_page(path, html)
    assert [str(b) for b in check.broken(read=pages.__getitem__)] == [
        "/a/index.html: link '#punkt-2' points to an anchor '#punkt-2' that /a/index.html does not have",
        "/b/c/index.html: link '../../a/#punkt-2' points to an anchor '#punkt-2' that /a/index.html does not have",
        "/b/c/index.html: link '/a/index.html#punkt-2' points to an anchor '#punkt-2' that /a/index.html does not have",
        "/b/c/index.html: link '../../d/' points to a page that does not exist",
        "/b/c/index.html: link '../../../up' leaves the site"]
    # Without the pages' text, a broken link is named by where it points.
    assert [str(b) for b in check.broken()][:2] == [
        "/a/index.html: link '/a/index.html#punkt-2' points to an anchor '#punkt-2' that /a/index.html does not have",
        "/b/c/index.html: link '/a/index.html#punkt-2' points to an anchor '#punkt-2' that /a/index.html does not have"]


def test_a_page_keeps_each_place_its_links_point_to_once():
    found = LinkChecker().add_page("b/c/index.html", '<a href="../../a/#p">x</a><a href="/a/index.html#p">y</a>'
                                                     '<a href="../../a/index.html#p">z</a><a href="#q">q</a>')
    assert found["links"] == [("a/index.html", "p"), ("b/c/index.html", "q")]


def _plain_resolve(page: str, path: str) -> str | None:
    """The site file a link path names from a page, written plainly with posixpath."""
    base = "" if path.startswith("/") else posixpath.dirname(page)
    path = path.lstrip("/") if path.startswith("/") else path
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined.startswith(".."):
        return None
    joined = "" if joined == "." else joined
    if path.endswith("/") and joined:
        joined += "/"
    return page_file(joined) if joined.endswith("/") or joined == "" else joined


_SEGMENTS = st.lists(st.sampled_from(["a", "b", "..", ".", "", "index.html", "x.y", "..z"]), max_size=6).map("/".join)


@settings(max_examples=400, deadline=None)
@given(_SEGMENTS, _SEGMENTS)
def test_link_targets_resolve_as_posixpath_joins_them(page, path):
    if path:
        expected = _plain_resolve(page, path)
        assert _target(page, path) == (expected, "")
        assert _target(page, path, posixpath.dirname(page)) == (expected, "")
        assert _target(page, path + "#a%20b") == (expected, "a b")
