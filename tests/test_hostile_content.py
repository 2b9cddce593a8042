"""A corpus of hostile content, tried as an attacker or a careless editor would, in every
field: markup and script, every Markdown link form with every way of hiding a scheme,
character references, control and text-direction characters, YAML tricks, and giant or
deeply nested Markdown. Each input is either refused by `referat check` and the build with
its file and line, or built into a site where a browser that clicks every link sees no
script run, in a time proportionate to its size."""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import REPO, build

from generator.archive import load_archive
from generator.errors import ContentErrors
from generator.render import Renderer
from generator.textrules import MAX_BLOCK_CHARS, MAX_BLOCK_LINES

MINI = Path(__file__).parent / "fixtures" / "mini"
MEETING = "meetings/testforum-nord/2022-02-02.md"

# --- the corpus --------------------------------------------------------------------------

# Ways to write a script address that a browser runs: entities, a tab or newline inside the
# scheme, leading control characters, odd case, other script schemes.
SCRIPT_ADDRESSES = [
    "javascript:alert('{n}')", "JaVaScRiPt:alert('{n}')", " javascript:alert('{n}')", "&#106;avascript:alert('{n}')",
    "&#x6A;avascript:alert('{n}')", "&#0000106;avascript:alert('{n}')", "&#106avascript:alert('{n}')",
    "javascript&#58;alert('{n}')", "javascript&colon;alert('{n}')", "javascript&#x3a;alert('{n}')",
    "jav&#x09;ascript:alert('{n}')", "jav&#x0A;ascript:alert('{n}')", "jav&Tab;ascript:alert('{n}')",
    "&NewLine;javascript:alert('{n}')", "vbscript:alert('{n}')", "data:text/html,<script>alert('{n}')</script>",
]
# With a reference to a control character, which check refuses before anything is built.
REFUSED_SCRIPT_ADDRESSES = ["jav&#13;ascript:alert(1)", "&#x01;javascript:alert(1)", "&#x7f;javascript:alert(1)",
                            "javascript&#x202E;:alert(1)"]
# Every Markdown form that makes an address: inline, angle brackets, titles, references
# (full, collapsed, shortcut, with a space), images, autolinks.
LINK_FORMS = [
    "[klik]({a})", "[klik](<{a}>)", "[klik]({a} \"titel\")", "![billede]({a})", "<{a}>",
    "[klik][r{i}] [r{i}] [klik] [r{i}] ![billede][r{i}]\n\n[r{i}]: {a}",
]
INLINE_LINK_FORMS = ["[klik]({a})", "![billede]({a})", "[klik](<{a}>)"]
# Text that would be markup if it were not escaped, in every field.
MARKUP = [
    "<script>alert('{n}')</script>", "\"><img src=x onerror=alert('{n}')>", "'><svg onload=alert('{n}')>",
    "</textarea></title><script>alert('{n}')</script>", "<a href=\"javascript:alert('{n}')\">x</a>",
    "<div onclick=\"alert('{n}')\">blok</div>", "&lt;script&gt;alert('{n}')&lt;/script&gt;",
    "&#60;script&#62;alert('{n}')&#60;/script&#62;", "{{{{ 7*7 }}}} {{% raw %}}", "<!-- {n} -->", "`<script>alert('{n}')</script>`",
]


class Numbers:
    """Unique markers, so a dialog names the input that ran."""

    def __init__(self, prefix: str):
        self.prefix, self.count = prefix, 0

    def __call__(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count}"


def markdown_corpus(tag: str) -> str:
    """Every link form with every script address, and every piece of markup, as Markdown."""
    n = Numbers(tag)
    links = [form.format(a=address.format(n=n()), i=n()) for address in SCRIPT_ADDRESSES for form in LINK_FORMS]
    return "\n\n".join(links + [m.format(n=n()) for m in MARKUP]) + "\n"


def inline_corpus(tag: str) -> str:
    """The same for a one-line Markdown field (an item title)."""
    n = Numbers(tag)
    links = [form.format(a=address.format(n=n())) for address in SCRIPT_ADDRESSES[:6] for form in INLINE_LINK_FORMS]
    return " ".join(links + [m.format(n=n()) for m in MARKUP])


def text_value(tag: str) -> str:
    """Markup for a frontmatter text field, as a YAML double-quoted value."""
    n = Numbers(tag)
    return json.dumps(" ".join(m.format(n=n()) for m in MARKUP), ensure_ascii=False)


def write_hostile_archive(content: Path) -> None:
    """Hostile values in every field of every kind of file."""
    shutil.copytree(MINI, content)
    (content / "forums" / "testforum-nord.md").write_text(
        f"---\nname: {text_value('forum-name-')}\ncluster: {text_value('cluster-')}\nkind: {text_value('kind-')}\n"
        f"aliases: [{text_value('forum-alias-')}]\n---\n{markdown_corpus('forum-description-')}", encoding="utf-8")
    (content / "people" / "bo-test.md").write_text(
        f"---\nname: {text_value('person-name-')}\naliases: [{text_value('person-alias-')}]\n---\n"
        f"{markdown_corpus('person-description-')}", encoding="utf-8")
    (content / "organisations" / "test-kommune.md").write_text(
        f"---\nname: {text_value('org-name-')}\nkind: {text_value('org-kind-')}\n---\n{markdown_corpus('org-description-')}",
        encoding="utf-8")
    (content / "agreements" / "indlaeggelse-og-udskrivning.md").write_text(
        f"---\nname: {text_value('agreement-name-')}\ncategory: {text_value('category-')}\nstatus: {text_value('status-')}\n"
        f"url: \"https://example.dk/?q=<script>alert('url')</script>\"\n---\n{markdown_corpus('agreement-description-')}",
        encoding="utf-8")
    (content / MEETING).write_text(
        f"---\nforum: testforum-nord\ndate: 2022-02-02\ntitle: {text_value('title-')}\ntime: {text_value('time-')}\n"
        f"place: {text_value('place-')}\nreview: {text_value('review-')}\ninferred:\n  date: {text_value('inferred-')}\n"
        f"participants:\n  - person: bo-test\n    title: {text_value('p-title-')}\n    role: {text_value('p-role-')}\n"
        f"    note: {text_value('p-note-')}\n    organisation: test-kommune\n"
        f"source:\n  title: {text_value('source-title-')}\n  file: {text_value('source-file-')}\n---\n\n"
        f"{markdown_corpus('preamble-')}\n"
        f"## 1. {inline_corpus('item-title-')} [Bo](person:bo-test) [aftalen](aftale:indlaeggelse-og-udskrivning)\n\n"
        f"{markdown_corpus('background-')}\n### Indstilling\n\n{markdown_corpus('recommendation-')}\n"
        f"### Beslutning\n\n{markdown_corpus('decision-')}\n### Uddybning\n\n{markdown_corpus('elaboration-')}\n"
        f"### Bilag\n\n{markdown_corpus('attachments-')}", encoding="utf-8")
    pages = content / "pages"
    shutil.copytree(REPO / "content" / "pages", pages)
    (pages / "om.md").write_text(f"---\ntitle: {text_value('page-title-')}\ndescription: {text_value('page-desc-')}\n---\n\n"
                                 f"# Om {inline_corpus('page-heading-')}\n\n{markdown_corpus('page-')}", encoding="utf-8")


# --- the accepted corpus: built, and inert in a browser -----------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-corpus")
    write_hostile_archive(root / "content")
    result = build(root, root / "content", strict=False, docs_dir=str(root / "content" / "pages"), timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data", "xlink:href"}


class _Attributes(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.found.extend((tag, name, value or "") for name, value in attrs)

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def browser_url(value: str) -> str:
    """What the URL parser gets from an attribute (HTMLParser has decoded the references)."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33))))


def test_the_hostile_corpus_is_in_the_site(hostile_site):
    meeting = (hostile_site / "fora" / "testforum-nord" / "2022-02-02" / "index.html").read_text(encoding="utf-8")
    for marker in ("title-1", "place-1", "p-note-1", "preamble-", "item-title-", "background-", "decision-", "attachments-"):
        assert marker in meeting, marker
    assert "forum-description-" in (hostile_site / "fora" / "testforum-nord" / "index.html").read_text(encoding="utf-8")
    assert "page-" in (hostile_site / "om" / "index.html").read_text(encoding="utf-8")


def test_no_page_holds_a_script_address_an_event_handler_or_injected_script(hostile_site):
    for path in hostile_site.rglob("*.html"):
        parser = _Attributes()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, name, value in parser.found:
            assert not name.lower().startswith("on"), (path, tag, name, value)
            if name.lower() in URL_ATTRIBUTES:
                scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", browser_url(value))
                assert scheme is None or scheme.group(1).lower() in ("http", "https", "mailto", "tel"), (path, tag, value)
        assert not any("alert(" in script for script in parser.scripts), path


CONTENT_PAGES = ["", "fora/testforum-nord/", "fora/testforum-nord/2022-02-02/", "personer/bo-test/", "personer/",
                 "organisationer/test-kommune/", "aftaler/indlaeggelse-og-udskrivning/", "aftaler/", "fora/", "om/",
                 "soeg/?q=klik", "soeg/?q=script"]
URL_PROTOCOLS_JS = """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => ['href', 'src', 'action', 'formaction', 'poster', 'srcset'].includes(a.name))
    .map(a => { try { return [el.tagName, a.value, new URL(a.value, document.baseURI).protocol]; }
                catch (e) { return [el.tagName, a.value, 'invalid:']; } }))"""


# Clicks every link of the content in turn, as a user would; a link to another page of the
# site or the web is kept from leaving (its address is checked above), anything else, such
# as a javascript: address, is left to do what it does.
CLICK_ALL_JS = """(selector) => {
    document.addEventListener('click', e => {
        const a = e.target.closest('a');
        // An SVG link (the agreement chart's marks) has its address in an attribute only.
        const href = a && new URL(a.getAttribute('href') || a.getAttribute('xlink:href') || '', location.href).href;
        if (a && /^(https?|mailto|tel):/.test(href) && href.split('#')[0] !== location.href.split('#')[0])
            e.preventDefault();
    }, true);
    const links = [...document.querySelectorAll(selector)];
    links.forEach(a => a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})));
    return links.length;
}"""


def test_a_browser_clicking_every_link_runs_no_script(hostile_site, serve, page):
    base = serve(hostile_site)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    clicked = 0
    for path in CONTENT_PAGES:
        page.goto(base + path)
        if path.startswith("soeg/"):
            page.wait_for_function("window.RA_SEARCH && window.RA_SEARCH.ranking !== undefined")
        for tag, value, protocol in page.evaluate(URL_PROTOCOLS_JS):
            assert protocol in ("http:", "https:", "mailto:", "tel:"), (path, tag, value, protocol)
        clicked += page.evaluate(CLICK_ALL_JS, "article a, #ra-results a, #ra-entities a")
        page.wait_for_timeout(100)
        assert page.url.split("#")[0] == (base + path).split("#")[0]
    assert clicked > 500  # the hostile links are there and were clicked
    assert dialogs == []


def test_the_click_harness_would_see_a_script_link(hostile_site, serve, page):
    """The browser test above is only worth something if a surviving script address would
    show: a page with one added by hand does."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(serve(hostile_site) + "om/")
    page.evaluate("""() => { const a = document.createElement('a');
        a.setAttribute('href', 'jav\\tascript:alert("harness")'); a.textContent = 'x';
        document.querySelector('article').append(a); }""")
    page.locator("article a").last.evaluate("a => a.click()")
    page.wait_for_timeout(200)
    assert dialogs == ["harness"]


# --- the refused corpus: check and build stop, with file and line ------------------------

CONTROL_CHARACTERS = ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x81", "\x85", "\x9b", "\x9f",
                      "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
                      "\u2028", "\u2029", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
# (file, text with the value at {v} (in a YAML value quoted at {q}), the line of the value)
PLACES = [
    ("forums/testforum-nord.md", "---\nname: {q}Testforum Nord{v}{q}\ncluster: Klynge Nord\nkind: Driftsforum\n---\n", 2),
    ("forums/testforum-nord.md", "---\nname: Testforum Nord\ncluster: Klynge Nord\nkind: Driftsforum\naliases: [{q}x{v}{q}]\n---\n", 5),
    ("forums/testforum-nord.md", "---\nname: Testforum Nord\ncluster: Klynge Nord\nkind: Driftsforum\n---\nOm{v} forummet\n", 6),
    ("people/bo-test.md", "---\nname: {q}Bo{v} Test{q}\n---\n", 2),
    ("organisations/test-kommune.md", "---\nname: Test Kommune\nkind: {q}kommune{v}{q}\n---\n", 3),
    ("agreements/indlaeggelse-og-udskrivning.md", "---\nname: Aftale\ncategory: {q}Behandling{v}{q}\n---\n", 3),
    (MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\ntitle: {q}Møde{v}{q}\n---\n", 4),
    (MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\nparticipants:\n  - person: bo-test\n    note: {q}x{v}{q}\n---\n", 6),
    (MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\ninferred:\n  date: {q}x{v}{q}\n---\n", 5),
    (MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\n---\n\nIndledning{v}\n", 6),
    (MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\n---\n\n## 1. Punkt{v}\n", 6),
    (MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\n---\n\n## 1. Punkt\n\n### Beslutning\n\nGodkendt{v}.\n", 10),
    ("pages/om.md", "---\ntitle: {q}Om{v}{q}\n---\n\n# Om\n", 2),
    ("pages/om.md", "# Om\n\nTekst{v}\n", 3),
]


def _windows_1252(char: str) -> bool:
    """Whether a browser reads the numeric reference of this C1 code as a Windows-1252 letter."""
    try:
        return 0x80 <= ord(char) <= 0x9F and bool(bytes([ord(char)]).decode("cp1252"))
    except UnicodeDecodeError:
        return False


def refused(content: Path, relative: str, text: str) -> list[str]:
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(MINI, content)
    (content / "pages").mkdir()
    (content / relative).write_text(text, encoding="utf-8")
    try:
        load_archive(content)
    except ContentErrors as exc:
        return [e.format(content) for e in exc.errors]
    return []


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_or_direction_character_is_refused_in_every_field(tmp_path, char):
    """Raw in every field; in a YAML value also as a double-quoted escape, in Markdown also
    as a character reference."""
    content = tmp_path / "content"
    for relative, text, line in PLACES:
        escape = f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
        other = (text.format(q='"', v=escape) if "{q}" in text
                 else text.format(q="", v=f"&#x{ord(char):x};"))
        if "{q}" not in text and _windows_1252(char):
            other = text.format(q="", v=char)  # the browser reads &#x80; as '€', not a control character
        for written in (text.format(q="", v=char), other):
            found = refused(content, relative, written)
            assert any(f.startswith(f"{relative}:{line}: ") and f"U+{ord(char):04X}" in f for f in found), (written, found)


@pytest.mark.parametrize("address", REFUSED_SCRIPT_ADDRESSES)
def test_a_script_address_hiding_a_control_character_is_refused_where_it_stands(tmp_path, address):
    for relative, text, line in PLACES:
        if "{q}" not in text:  # a Markdown field
            found = refused(tmp_path / "content", relative, text.format(v=f" [klik]({address})"))
            assert any(f.startswith(f"{relative}:{line}: ") for f in found), (relative, found)


YAML_TRICKS = [
    ("---\nforum: testforum-nord\ndate: 2022-02-02\npublic: false\npublic: true\n---\n", 5, "given twice"),
    ("---\nforum: testforum-nord\ndate: 2022-02-02\nclosed:\n  '1': Personsag\nclosed: {}\n---\n\n## 1. P\n", 6, "given twice"),
    ("---\nforum: testforum-nord\ndate: 2022-02-02\nsource: {title: a, title: b}\n---\n", 4, "given twice"),
    ("---\nforum: testforum-nord\ndate: 2022-02-02\nallow_personal_data: &a [x]\ntitle: *a\n---\n", 4, "anchors and aliases"),
    ("---\nforum: testforum-nord\ndate: 2022-02-02\n<<: &b {public: false}\n---\n", 4, "anchors and aliases"),
    ("---\nforum: testforum-nord\ndate: 2022-02-02\ntime: " + "9" * 5000 + "\n---\n", 4, "too long to be a number"),
    ("---\nforum: testforum-nord\ndate: 2022-02-30\n---\n", 3, "not a real date"),
    ("---\nforum: testforum-nord\ndate: 2022-02-02\ntitle: |\n  to\n  linjer\n---\n", 4, "single line"),
]


@pytest.mark.parametrize("text,line,what", YAML_TRICKS)
def test_a_yaml_trick_is_refused_with_its_line(tmp_path, text, line, what):
    found = refused(tmp_path / "content", MEETING, text)
    assert any(f.startswith(f"{MEETING}:{line}: ") and what in f for f in found), found


# --- giant and deeply nested Markdown ------------------------------------------------------

# Units of text whose repetition has made Python-Markdown (or a check) slow: brackets, link
# and image openers, references, code spans, emphasis, autolinks, entities, escapes,
# headings, rules, setext underlines, quotes, lists, code, tables, reference definitions.
UNITS = ["[", "[[]", "](", "[a](", "[a](b ", "![", "[a][", "[a]", "`[", "[`", "`", "``a", "*", "*a ", "**a", "***a ",
         "_", "_a ", "__a ", "*_", "<", "<a ", "<http://a.dk> ", "<a@b.dk> ", "&", "&#1234;", "\\", "\\[", "(", "[(",
         "|", "| a ", "#\n", "\n#", "#### a\n", "\n=", "=\n", "-\n", "\n-", "a\n---\n", "***\n", "- a\n", "1. a\n",
         "> a\n", ">    ", "*    ", "-    ", "- ", "> ", "    a\n", "[r]: http://x\n", "a  \n", "|a|b|\n|-|-|\n"]
# A mix: unmatched brackets before links made Python-Markdown rescan them after each link.
# (Each within one block's limit, so check accepts it.)
MIXES = ["[" * 3000 + " " + "[a](b) " * 2000, "[a](" * 2000 + " [a](b)" * 1500, "`" * 3000 + " `a`" * 3000,
         "[a](person:" * 1000 + "[a](person:bo-test) " * 300]
SIZE = 60_000
# Generous: on an idle laptop the worst of these renders in well under a second.
SECONDS_PER_100_KB = 20


def giant(unit: str, size: int, split: bool) -> str:
    """`unit` repeated to `size` characters, as one block or in blocks within the limits."""
    if not split:
        return (unit * (size // len(unit))).strip("\n") or "x"
    per = max(1, min((MAX_BLOCK_CHARS - 100) // len(unit), (MAX_BLOCK_LINES - 5) // max(1, unit.count("\n"))))
    block = (unit * per).strip("\n") or "x"
    return "\n\n".join([block] * max(1, size // len(block)))


def time_limit(text: str) -> float:
    return 10 + SECONDS_PER_100_KB * len(text) / 100_000


def check_then_render(tmp_path: Path, text: str) -> str:
    """'refused' with a limit's message naming the item's line, or 'rendered' in time."""
    content = tmp_path / "content"
    start = time.monotonic()
    found = refused(content, MEETING, "---\nforum: testforum-nord\ndate: 2022-02-02\n---\n\n## 1. Punkt\n\n" + text + "\n")
    assert time.monotonic() - start < time_limit(text)
    if found:
        assert all(re.match(rf"{MEETING}:\d+: ", f) for f in found), found
        assert any(("without a blank line" in f or "nested" in f) for f in found), found
        return "refused"
    start = time.monotonic()
    Renderer().block(text)  # no RecursionError
    assert time.monotonic() - start < time_limit(text), f"{len(text)} characters"
    return "rendered"


@pytest.mark.parametrize("split", [False, True], ids=["one block", "in blocks"])
@pytest.mark.parametrize("unit", UNITS)
def test_giant_markdown_is_refused_or_rendered_in_time(tmp_path, unit, split):
    outcome = check_then_render(tmp_path, giant(unit, SIZE, split))
    if split and unit.strip() not in (">", "*", "-") and not unit.startswith((">    ", "*    ", "-    ")):
        assert outcome == "rendered"  # blocks within the limits are fine, whatever they hold


@pytest.mark.parametrize("text", MIXES, ids=["brackets-then-links", "open-links-then-links", "backticks-then-code",
                                         "open-person-links-then-links"])
def test_mixed_pathological_markdown_renders_in_time(tmp_path, text):
    assert check_then_render(tmp_path, text) == "rendered"


NESTERS = st.sampled_from(["- ", "* ", "+ ", "1. ", "> ", ">", "    ", "\t", "  ", "- - ", "* * * ", "x ", "\n", "\n\n"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.tuples(st.lists(NESTERS, max_size=40), st.integers(0, 120)), max_size=12))
def test_markdown_that_check_accepts_never_exceeds_the_recursion_limit(tmp_path, lines):
    text = "\n".join("".join(tokens) * (repeat // 10 + 1) + "x" for tokens, repeat in lines)
    outcome = check_then_render(tmp_path, text)
    assert outcome in ("refused", "rendered")


def test_a_build_with_giant_items_ends_in_time(tmp_path):
    """A real build of meetings full of the worst inputs that check accepts."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    worst = ["[", "[a](", "`[", "\n#", "#\n", "\n=", "a\n---\n", "[a][", "*_", "[a](person:"]
    body = "".join(f"## {i}. Punkt\n\n{giant(unit, 50_000, split=True)}\n\n" for i, unit in enumerate(worst, 1))
    (content / MEETING).write_text("---\nforum: testforum-nord\ndate: 2022-02-02\n---\n\n" + body, encoding="utf-8")
    load_archive(content)  # accepted
    limit = 60 + SECONDS_PER_100_KB * len(body) / 100_000
    start = time.monotonic()
    result = build(tmp_path, content, strict=False, timeout=limit)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start < limit
    assert (tmp_path / "site" / "fora" / "testforum-nord" / "2022-02-02" / "index.html").stat().st_size > len(body)


ODD_BUT_ALLOWED = "Bo \u00a0\u00ad\u200b\u200e\ufeff Æøå \U0001f600 \"citat\" \\ ---: #x {{ a }} 'b' ÿ"


def test_a_name_with_odd_but_allowed_characters_keeps_its_page_header(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "people" / "bo-test.md").write_text(f"---\nname: {json.dumps(ODD_BUT_ALLOWED, ensure_ascii=False)}\n---\n", encoding="utf-8")
    result = build(tmp_path, content, strict=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "personer" / "bo-test" / "index.html").read_text(encoding="utf-8")
    parser = _Title()
    parser.feed(page)
    assert parser.title.startswith(ODD_BUT_ALLOWED), parser.title


class _Title(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self._in = "", False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "title"

    def handle_data(self, data):
        if self._in:
            self.title += data

    def handle_endtag(self, tag):
        self._in = False


@pytest.mark.parametrize("title", ["Bo \uffff", "a\u2028b", "\U0001f600 \"q\" \\ ---: #x {{ y }}", "a\n---\nb", "\x7f\x1b"])
def test_a_generated_page_header_carries_any_title(title):
    """Check refuses most of these, but the header must not depend on that."""
    from html import escape

    from mkdocs.utils import meta

    from generator.pages import PageSpec
    from generator.themepages import page_meta, page_source

    spec = PageSpec("personer/x/", "person.html", title, {}, description=title)
    markdown, data = meta.get_data(page_source(spec))
    assert (data.get("title"), data.get("description"), markdown) == (escape(title), escape(title), "")
    assert data == page_meta(spec)  # the pages rendered outside mkdocs' loop get the same meta
