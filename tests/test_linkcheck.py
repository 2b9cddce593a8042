"""The link check's reading of a page: every anchor a link may point to, and only those."""

from __future__ import annotations

from generator.linkcheck import LinkChecker, page_ids


def test_anchors_are_id_and_name_attributes_in_any_quoting_and_case():
    html = ("<h2 id=\"punkt-1\">1</h2><a NAME='old'></a><div data-id=\"d\"></div>"
            "<p ID = \"spaced\" class=\"x\" title='a=b'>uuid=\"not\" grid=\"no\"</p><input id=\"\">")
    assert page_ids(html) == {"punkt-1", "old", "d", "spaced", ""}


def test_a_link_to_a_missing_anchor_is_reported():
    check = LinkChecker()
    check.add_page("a/index.html", '<h2 id="punkt-1"></h2><a href="#punkt-2">2</a><a href="#punkt-1">1</a>')
    assert [str(b) for b in check.broken()] == [
        "/a/index.html: link '#punkt-2' points to an anchor '#punkt-2' that /a/index.html does not have"]
