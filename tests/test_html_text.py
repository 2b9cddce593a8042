"""The plain text of rendered item HTML (excerpts, search, data) is read with two regexes;
html.parser reads the same text from every seed item and from hostile text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from generator.archive import load_archive
from generator.model import Item, Meeting, MeetingDate
from generator.pages import SiteBuilder
from generator.render import ItemRenderer, html_text

REPO = Path(__file__).resolve().parent.parent
BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "div", "table", "thead", "tbody",
          "tr", "td", "th", "blockquote", "pre"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" " if tag in BLOCKS else "")

    def handle_endtag(self, tag):
        self.parts.append(" " if tag in BLOCKS else "")

    def handle_data(self, data):
        self.parts.append(data)


def parsed_text(fragment: str) -> str:
    reader = _Text()
    reader.feed(fragment)
    reader.close()
    return " ".join("".join(reader.parts).split())


def test_text_of_every_seed_item_is_what_html_parser_reads():
    archive = load_archive(REPO / "content")
    items = SiteBuilder(archive).items
    fragments = [html for m in archive.meetings for i in m.items
                 for html in (items(m, i).background_html, *items(m, i).sections_html.values())]
    assert len(fragments) > 100
    for fragment in fragments:
        assert html_text(fragment) == parsed_text(fragment)


def test_text_of_hostile_markup_is_what_html_parser_reads():
    text = ('Et <b>fedt</b> "citat" > 3 & <script>x</script> a<br>b `<i a="1>2">` '
            '[led](https://a.example/?a=1&b=<2>) *Sund*heds**aftale** &lt;p&gt; &#x3c;')
    item = Item(number="1", title="t", sections={"Beslutning": text})
    meeting = Meeting(forum="f", date=MeetingDate(2021, 1, 1), items=[item])
    fragment = ItemRenderer(None)(meeting, item).sections_html["Beslutning"]
    assert html_text(fragment) == parsed_text(fragment)
    assert "<script>" in html_text(fragment) and "Sundhedsaftale" in html_text(fragment)
