"""The link syntax `[text](kind:target)`, read in one place (generator/links.py) by the loader,
the public view and the renderer."""

from __future__ import annotations

from generator.links import link_texts, split_href, unlink
from generator.urls import linked_meeting as meeting_of

CLOSED = {"forum-a/2022-04-01"}


def _closed(kind: str, target: str) -> bool:
    return meeting_of(kind, target) in CLOSED


def test_links_to_a_closed_meeting_or_its_items_keep_only_their_text():
    text = ("Se [april](moede:forum-a/2022-04-01), [punkt 2](punkt:forum-a/2022-04-01/2), "
            "[marts](moede:forum-a/2022-03-01) og [Bo](person:bo).")
    assert unlink(text, _closed) == "Se april, punkt 2, [marts](moede:forum-a/2022-03-01) og [Bo](person:bo)."


def test_a_link_to_a_closed_meeting_inside_another_links_text_is_unlinked_too():
    assert unlink("[Bo på [mødet](moede:forum-a/2022-04-01)](person:bo)", _closed) == "[Bo på mødet](person:bo)"
    assert unlink("[[mødet](moede:forum-a/2022-04-01)](moede:forum-a/2022-04-01)", _closed) == "mødet"


def test_a_punkt_link_within_the_meeting_names_no_other_meeting():
    assert meeting_of("punkt", "3") is None
    assert meeting_of("punkt", "forum-a/2022-04-01/3") == "forum-a/2022-04-01"
    assert meeting_of("person", "forum-a/2022-04-01") is None


def test_only_the_archives_link_kinds_are_its_links():
    assert split_href("aftale:sundhedsaftalen") == ("aftale", "sundhedsaftalen")
    assert split_href("https://example.org/") is None
    assert split_href("javascript:alert(1)") is None
    assert split_href("moede") is None


def test_link_texts_keeps_the_text_of_every_link():
    assert link_texts("[Bo](person:bo) og [siden](https://example.org/a_(b)) [x]") == "Bo og siden [x]"


def test_unlinking_a_long_run_of_open_brackets_takes_linear_time():
    text = "[" * 50_000 + "](moede:forum-a/2022-04-01"
    assert unlink(text, _closed) == text
