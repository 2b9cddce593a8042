"""Loading content/: files with YAML frontmatter into model objects.

Problems are collected, not raised one at a time, so an editor sees every problem of a
build at once; each names the file and line and says what to do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .cache import Store, code_key
from .contentfiles import ContentRoot, read_bytes
from .errors import ContentError
from .links import LINK_RE
from .model import (
    PARTICIPANT_STATUSES,
    SECTION_ALIASES,
    SECTION_KINDS,
    Agreement,
    Forum,
    Item,
    Link,
    Meeting,
    MeetingDate,
    Organisation,
    Participant,
    Person,
    Registries,
    Source,
)
from .outcomes import OUTCOMES
from .privacy import find_personal_data
from .slugs import is_slug
from .textrules import forbidden_characters, markdown_shape
from .urls import INDEX_FILE
from .yamlload import BASE_LOADER, FrontmatterError, load_frontmatter, text_value_problems

PRIVACY_FIELDS = ("allow_personal_data",)
REGISTRY_DIRS = {
    "forums": "forums",
    "people": "people",
    "organisations": "organisations",
    "agreements": "agreements",
}
MEETINGS_DIR = "meetings"

HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
ITEM_HEADING_RE = re.compile(r"^(?P<number>\d{1,3}[a-z]?)\.?[ \t]+(?P<title>\S.*)$")
FENCE_RE = re.compile(r"^[ \t]{0,3}(```|~~~)")

_FRONTMATTER = YAMLHandler()


@dataclass
class Document:
    """A content file split into frontmatter and body, with line lookup for error messages."""

    path: Path
    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the first body line
    frontmatter_text: str
    errors: list[ContentError] = field(default_factory=list)
    # The frontmatter's YAML node tree when read_document could keep it (saves a second parse).
    frontmatter_node: yaml.Node | None = field(default=None, repr=False)
    digest: str = ""  # of the file's bytes: what the build caches key pages on

    def error(self, message: str, line: int | None = None) -> None:
        self.errors.append(ContentError(self.path, line, message))

    def check_personal_data(self) -> None:
        """Personal data in any part of the file is an error unless the entry allows it."""
        allowed = self.data.get("allow_personal_data") or []
        if not isinstance(allowed, list):
            self.error("'allow_personal_data' must be a list of the exact texts to allow", self.line("allow_personal_data"))
            allowed = []
        allowed = {str(a) for a in allowed}
        found = find_personal_data(self.frontmatter_text, 1) + find_personal_data(self.body, self.body_line)
        for finding in found:
            if finding.text not in allowed:
                self.error(finding.message, finding.line)

    @cached_property
    def _node(self) -> yaml.Node | None:
        if self.frontmatter_node is not None:
            return self.frontmatter_node
        try:
            return yaml.compose(self.frontmatter_text, Loader=BASE_LOADER)
        except yaml.YAMLError:
            return None

    def line(self, *path: str | int) -> int | None:
        """The file line of a frontmatter value, e.g. line("participants", 2, "person")."""
        node = self._node
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                node = None
            if node is None:
                break
        if node is None:
            return 2
        return node.start_mark.line + 1  # the YAML text starts with the newline ending line 1 (---)


def file_digest(raw: bytes) -> str:
    """What the caches key a content file on: a hash of its bytes."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def read_document(path: Path, root: ContentRoot | None = None, frontmatter: bool = True,
                  raw: bytes | None = None, digest: str | None = None) -> Document | ContentError:
    """Read a content file: UTF-8 (a BOM and CRLF line ends are fine), frontmatter first
    (optional with frontmatter=False, for hand-written pages). With `root` (the content
    folder), a link to a file outside it is refused; `raw` and `digest`: its bytes and
    their file_digest, when the caller has them already."""
    if raw is None:
        raw = read_bytes(path, root)
    if isinstance(raw, ContentError):
        return raw
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return ContentError(path, line, "binary data (a NUL byte) in a text file; replace the file with the Markdown text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ContentError(
            path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02X}); save the file with UTF-8 encoding"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _FRONTMATTER.detect(text):
        if frontmatter:
            return ContentError(path, 1, "no frontmatter: the file must start with a line '---', the YAML fields, and '---'")
        fm_text, body = "", text
    else:
        try:
            fm_text, body = _FRONTMATTER.split(text)
        except ValueError:
            return ContentError(path, 1, "the frontmatter is not closed: add a line '---' after the YAML fields")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    for line, message in forbidden_characters(text[: len(text) - len(body)]):
        return ContentError(path, line, message)  # yaml would call it malformed, without a line
    try:
        node, data = load_frontmatter(fm_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return ContentError(path, line, f"malformed YAML in the frontmatter ({problem}); "
                                        "fix the syntax (quote values that contain ':' or '#')")
    except FrontmatterError as exc:
        return ContentError(path, exc.line, exc.message)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return ContentError(path, 2, "the frontmatter must be YAML fields ('name: value'), not a list or a single value")
    doc = Document(path, data, body, body_line, fm_text, frontmatter_node=_reusable(node, fm_text),
                   digest=digest or file_digest(raw))
    for line, message in text_value_problems(node, fm_text):
        doc.error(message, line)
    for line, message in forbidden_characters(body, body_line, references=True) + markdown_shape(body, body_line):
        doc.error(message, line)
    return doc


def _reusable(node: yaml.Node | None, fm_text: str) -> yaml.Node | None:
    """The node tree for line lookup, unless building the data may have changed it: merge keys
    (`<<`, or a tag, which needs a '!') are rewritten in place. None means parse again."""
    return None if "<<" in fm_text or "!" in fm_text else node


# --- typed field access ---------------------------------------------------------------


class _Fields:
    """Reads frontmatter fields with type checks; unknown fields are errors (typos would
    otherwise be silently ignored)."""

    def __init__(self, doc: Document, known: tuple[str, ...]):
        self.doc = doc
        for key in doc.data:
            if key not in known:
                doc.error(f"unknown field '{key}'; known fields are: {', '.join(known)}", doc.line(key))

    def text(self, key: str, required: bool = False, path: tuple = ()) -> str:
        value = self._value(key, path)
        if value is None or value == "":
            if required:
                self.doc.error(f"missing required field '{key}'", self.doc.line(*path) if path else 2)
            return ""
        if isinstance(value, (dict, list)):
            shape = "list" if isinstance(value, list) else "mapping"
            self.doc.error(f"'{key}' must be a single text value, not a {shape}", self.doc.line(*path, key))
            return ""
        return str(value).strip()

    def texts(self, key: str, path: tuple = ()) -> list[str]:
        value = self._value(key, path)
        if value is None:
            return []
        if isinstance(value, (str, int, float)):
            return [str(value).strip()]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            self.doc.error(f"'{key}' must be a list of text values, e.g. [a, b]", self.doc.line(*path, key))
            return []
        return [str(v).strip() for v in value]

    def url(self, key: str, path: tuple = ()) -> str:
        value = self.text(key, path=path)
        if value and not re.match(r"https?://", value):
            self.doc.error(f"'{key}' must be a web address starting with http:// or https://", self.doc.line(*path, key))
            return ""
        return value

    def mapping(self, key: str) -> dict[str, str]:
        value = self.doc.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict) or any(isinstance(v, (dict, list)) for v in value.values()):
            self.doc.error(f"'{key}' must be fields with text values ('field: reason')", self.doc.line(key))
            return {}
        return {str(k): "" if v is None else str(v).strip() for k, v in value.items()}

    def flag(self, key: str, default: bool) -> bool:
        value = self.doc.data.get(key, default)
        if not isinstance(value, bool):
            self.doc.error(f"'{key}' must be true or false", self.doc.line(key))
            return default
        return value

    def _value(self, key: str, path: tuple) -> Any:
        container: Any = self.doc.data
        for step in path:
            container = container[step]
        return container.get(key) if isinstance(container, dict) else None


# --- registries -----------------------------------------------------------------------


def _registry_entry(doc: Document, entry_id: str, kind: str) -> Any:
    source = Source(doc.path, 1)
    doc.check_personal_data()
    description = doc.body.strip()
    if kind == "forums":
        f = _Fields(doc, ("name", "cluster", "kind", "aliases", "url", "previous_urls", *PRIVACY_FIELDS))
        return Forum(entry_id, f.text("name", True), f.text("cluster", True), f.text("kind", True),
                     description, f.texts("aliases"), source, _previous_urls(doc, f), url=f.url("url"))
    if kind == "people":
        f = _Fields(doc, ("name", "aliases", "public", "previous_urls", *PRIVACY_FIELDS))
        return Person(entry_id, f.text("name", True), f.texts("aliases"), description, source, _shown_anyway(doc, f),
                      _previous_urls(doc, f))
    if kind == "organisations":
        f = _Fields(doc, ("name", "kind", "aliases", "public", "previous_urls", *PRIVACY_FIELDS))
        return Organisation(entry_id, f.text("name", True), f.text("kind"), f.texts("aliases"), description, source,
                            _shown_anyway(doc, f), _previous_urls(doc, f))
    f = _Fields(doc, ("name", "aliases", "category", "url", "status", "status_since", "related", "public",
                        "previous_urls", *PRIVACY_FIELDS))
    return Agreement(entry_id, f.text("name", True), f.text("category", True), f.texts("aliases"),
                     f.url("url"), f.text("status"), description, source, _shown_anyway(doc, f),
                     related=f.texts("related"), status_since=_date_field(doc, "status_since"),
                     previous_urls=_previous_urls(doc, f))


def _shown_anyway(doc: Document, f: _Fields) -> bool:
    """`public: true` publishes an entry that no public minutes refer to. There is no
    `public: false`: an entry the public minutes name is shown with them."""
    shown = f.flag("public", False)
    if doc.data.get("public") is False:
        doc.error("'public: false' has no effect: an entry is published when public minutes refer to it, and only "
                  "then; remove the line (or write 'public: true' to publish the entry anyway)", doc.line("public"))
    return shown


def _date_field(doc: Document, key: str) -> MeetingDate | None:
    value = doc.data.get(key)
    if value in (None, ""):
        return None
    try:
        return MeetingDate.parse(value)
    except ValueError:
        doc.error(f"'{key}' must be a date, YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2021-06-01 or \"2021-06\")", doc.line(key))
        return None


def load_registries(root: Path, errors: list[ContentError]) -> Registries:
    entries: dict[str, dict] = {}
    content = ContentRoot(root)
    digest = hashlib.blake2b(digest_size=16)
    for attr, dirname in REGISTRY_DIRS.items():
        target = entries[attr] = {}
        for path in sorted((root / dirname).glob("*.md")):
            entry_id = path.stem
            if not is_slug(entry_id):
                errors.append(ContentError(path, None, f"the file name '{path.name}' is not a valid id: use lower-case "
                                                       "letters, digits and '-', with æ→ae, ø→oe, å→aa"))
                continue
            doc = read_document(path, content)
            if isinstance(doc, ContentError):
                errors.append(doc)
                continue
            target[entry_id] = _registry_entry(doc, entry_id, attr)
            digest.update(f"{dirname}/{path.name}:{doc.digest}\n".encode())
            errors.extend(doc.errors)
        _report_stray_files(root / dirname, errors)
    return Registries(**entries, digest=digest.hexdigest())


def _report_stray_files(folder: Path, errors: list[ContentError]) -> None:
    """Anything in a content folder that is not a .md file would be silently ignored: say so."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() or path.suffix != ".md":
            errors.append(ContentError(path, None, "not a content file (expected <id>.md); rename it to .md or move it out of content/"))


# --- meetings -------------------------------------------------------------------------

MEETING_FIELDS = (
    "forum", "date", "slug", "title", "time", "place", "chair", "participants", "minutes_by",
    "approved_by", "source", "inferred", "public", "closed_reason", "closed", "outcomes", "review",
    "previous_urls", *PRIVACY_FIELDS,
)
PARTICIPANT_FIELDS = ("person", "status", "title", "organisation", "role", "items", "on_behalf_of", "note")
SOURCE_FIELDS = ("title", "file", "url")


def meeting_files(root: Path) -> list[Path]:
    return sorted((root / MEETINGS_DIR).glob("*/*.md"))


def load_meetings(root: Path, errors: list[ContentError], cache: Store | None = None) -> list[Meeting]:
    meetings = []
    folder = root / MEETINGS_DIR
    if folder.is_dir():
        for sub in sorted(folder.iterdir()):
            if sub.is_dir():
                _report_stray_files(sub, errors)
            elif not sub.name.startswith("."):
                errors.append(ContentError(sub, None, "meeting files belong in a folder per forum: content/meetings/<forum-id>/<date>.md"))
    content = ContentRoot(root)
    for path in meeting_files(root):
        meeting = load_meeting(path, errors, content, cache)
        if meeting is not None:
            meetings.append(meeting)
    return meetings


def load_meeting(path: Path, errors: list[ContentError], root: ContentRoot | None = None,
                 cache: Store | None = None) -> Meeting | None:
    """A meeting file as loaded and checked on its own; with a `cache`, one loaded before
    from the same bytes at the same place comes from it (only a file without errors is kept)."""
    raw = read_bytes(path, root)
    if isinstance(raw, ContentError):
        errors.append(raw)
        return None
    digest = file_digest(raw)
    key = ("meeting", code_key(), str(path), root is not None, digest) if cache is not None else None
    if key is not None and (meeting := cache.get(key)) is not None:
        return meeting
    doc = read_document(path, root, raw=raw, digest=digest)
    if isinstance(doc, ContentError):
        errors.append(doc)
        return None
    meeting = _meeting_from(doc)
    if meeting is not None and root is not None:  # a file in content/ (not a draft elsewhere)
        _check_file_name(doc, meeting)
    errors.extend(doc.errors)
    if key is not None and meeting is not None and not doc.errors:
        cache.put(key, meeting)
    return meeting


def _meeting_from(doc: Document) -> Meeting | None:
    f = _Fields(doc, MEETING_FIELDS)
    doc.check_personal_data()
    forum = f.text("forum", required=True)
    raw_date = doc.data.get("date")
    date = None
    if raw_date in (None, ""):
        doc.error("missing required field 'date' (YYYY-MM-DD, or YYYY-MM when the day is not known, YYYY when only the year is)", 2)
    else:
        try:
            date = MeetingDate.parse(raw_date)
        except ValueError:
            doc.error(f"date '{_shortened(raw_date)}' is neither YYYY-MM-DD nor YYYY-MM nor YYYY "
                      "(e.g. 2021-01-27, \"2021-06\" or 2021)", doc.line("date"))
    slug = f.text("slug")
    if slug and not is_slug(slug):
        doc.error(f"slug '{slug}' is not valid: use lower-case letters, digits and '-'", doc.line("slug"))
    source = doc.data.get("source") or {}
    if not isinstance(source, dict):
        doc.error("'source' must be fields: title, file, url", doc.line("source"))
        source = {}
    for key in source:
        if key not in SOURCE_FIELDS:
            doc.error(f"unknown field 'source.{key}'; known fields are: {', '.join(SOURCE_FIELDS)}", doc.line("source", key))
    drafts, preamble = parse_body(doc)
    numbers = {d.number for d in drafts}
    closed, overrides = _closed(doc, f, numbers), _outcome_overrides(doc, numbers)
    if not forum or date is None:
        return None
    items = [d.item(doc, closed, overrides) for d in drafts]
    return Meeting(
        forum=forum,
        date=date,
        items=items,
        preamble=preamble,
        links=_preamble_links(doc, preamble),
        title=f.text("title"),
        time=f.text("time"),
        place=f.text("place"),
        chair=f.text("chair"),
        participants=_participants(doc, f),
        minutes_by=f.texts("minutes_by"),
        approved_by=f.texts("approved_by"),
        source_title=f.text("title", path=("source",)) if source else "",
        source_file=f.text("file", path=("source",)) if source else "",
        source_url=f.url("url", path=("source",)) if source else "",
        inferred=f.mapping("inferred"),
        public=f.flag("public", True),
        closed_reason=f.text("closed_reason"),
        review=f.text("review"),
        slug=slug,
        previous_urls=_previous_urls(doc, f),
        source=Source(doc.path, doc.line("forum")),
        digest=doc.digest,
    )


def _check_file_name(doc: Document, meeting: Meeting) -> None:
    """The URL comes from the frontmatter, so a file under another name would be published
    somewhere else than its name says (its folder is compared with the forum in validate)."""
    date, slug = meeting.date, meeting.slug
    expected = slug or date.key
    if doc.path.stem == expected:
        return
    page = f"/{meeting.url}"
    if slug:
        doc.error(f"the file name '{doc.path.name}' does not match the meeting's slug '{slug}' (its page would be "
                  f"{page}); rename the file to {slug}.md or correct 'slug'", doc.line("slug"))
    else:
        doc.error(f"the file name '{doc.path.name}' does not match the meeting's date {date.key} (its page would be "
                  f"{page}); rename the file to {date.key}.md, or correct 'date' (a second meeting that day: name "
                  f"the file {date.key}-2.md and add 'slug: {date.key}-2')", doc.line("date"))


def _shortened(value: object, limit: int = 40) -> str:
    """A value for an error message: a long one only by its beginning and end."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit // 2]}...{text[-limit // 2:]}"


SITE_PATH_RE = re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*/")


def _previous_urls(doc: Document, f: _Fields) -> list[str]:
    """`previous_urls: [fora/x/2021-11/]`: site paths the entry had before; '/' at either
    end is optional. Each gets a redirect page to the current URL."""
    paths = []
    for value in f.texts("previous_urls"):
        path = value.strip().removesuffix(INDEX_FILE).strip("/") + "/"
        if not SITE_PATH_RE.fullmatch(path) or any(part in (".", "..") for part in path.split("/")):
            doc.error(f"previous_urls: '{value}' is not a path of this site; write it as it was, from the site root, "
                      "e.g. fora/klyngestyregruppe-vest/2021-11/", doc.line("previous_urls"))
            continue
        paths.append(path)
    return paths


def _closed(doc: Document, f: _Fields, numbers: set[str]) -> dict[str, str]:
    """`closed: {"4": "Personsag"}` marks item 4 as closed (lukket punkt) with its reason."""
    closed = {}
    for number, reason in f.mapping("closed").items():
        if number not in numbers:
            doc.error(f"'closed' names item {number}, which this meeting does not have", doc.line("closed", number))
            continue
        closed[number] = reason
    return closed


def _outcome_overrides(doc: Document, numbers: set[str]) -> dict[str, str]:
    """`outcomes: {"3": udsat}` sets item 3's outcome where the rules read it wrongly."""
    value = doc.data.get("outcomes")
    if value is None:
        return {}
    if not isinstance(value, dict):
        doc.error('\'outcomes\' must be item numbers with an outcome each, e.g. outcomes: {"3": udsat}', doc.line("outcomes"))
        return {}
    overrides = {}
    for number, outcome in value.items():
        key = str(number)
        line = doc.line("outcomes", key)
        if str(outcome) not in OUTCOMES:
            doc.error(f"'outcomes' gives item {key} the outcome '{outcome}', which is unknown; use one of: {', '.join(OUTCOMES)}", line)
        elif key not in numbers:
            doc.error(f"'outcomes' names item {key}, which this meeting does not have", line)
        else:
            overrides[key] = str(outcome)
    return overrides


def _participants(doc: Document, f: _Fields) -> list[Participant]:
    raw = doc.data.get("participants")
    if raw is None:
        return []
    if not isinstance(raw, list):
        doc.error("'participants' must be a list of entries, each starting with '- person: <id>'", doc.line("participants"))
        return []
    result = []
    for index, entry in enumerate(raw):
        where = ("participants", index)
        if not isinstance(entry, dict):
            doc.error("a participant must be fields ('- person: <id>' ...), not a single value", doc.line(*where))
            continue
        for key in entry:
            if key not in PARTICIPANT_FIELDS:
                doc.error(f"unknown participant field '{key}'; known fields are: {', '.join(PARTICIPANT_FIELDS)}", doc.line(*where, key))
        status = f.text("status", path=where) or "present"
        if status not in PARTICIPANT_STATUSES:
            doc.error(f"participant status '{status}' is unknown; use one of: {', '.join(PARTICIPANT_STATUSES)}",
                      doc.line(*where, "status"))
        result.append(Participant(
            person=f.text("person", required=True, path=where),
            status=status,
            title=f.text("title", path=where),
            organisation=f.text("organisation", path=where),
            role=f.text("role", path=where),
            items=f.texts("items", path=where),
            on_behalf_of=f.text("on_behalf_of", path=where),
            note=f.text("note", path=where),
            source=Source(doc.path, doc.line(*where)),
        ))
    return result


# --- body: agenda items and their sections -------------------------------------------


def _item_number_key(number: str) -> tuple[int, str]:
    return (int(number.rstrip("abcdefghijklmnopqrstuvwxyz")), number.lstrip("0123456789"))


@dataclass
class ItemDraft:
    """An agenda item while its file is read; item() makes the Item once the file is read."""

    number: str
    title: str
    source: Source
    background: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [self.title, self.background, *self.sections.values()]

    def item(self, doc: Document, closed: dict[str, str], overrides: dict[str, str]) -> Item:
        return Item(number=self.number, title=self.title, background=self.background, sections=self.sections,
                    links=self.links, public=self.number not in closed, closed_reason=closed.get(self.number, ""),
                    outcome_override=overrides.get(self.number, ""), source=self.source)


def parse_body(doc: Document) -> tuple[list[ItemDraft], str]:
    """Split the Markdown body into agenda items (`## n. Title`) and their sections (`### ...`)."""
    items: list[ItemDraft] = []
    preamble: list[str] = []
    current: ItemDraft | None = None
    section: str | None = None
    buffer: list[str] = []
    in_fence = False

    def flush() -> None:
        text = "\n".join(buffer).strip("\n")
        buffer.clear()
        if current is None:
            preamble.append(text)
        elif section is None:
            current.background = text
        else:
            current.sections[section] = text

    lines = doc.body.split("\n")
    for offset, line in enumerate(lines):
        # Plain string tests first: most lines are text, and a regex call costs more.
        if ("```" in line or "~~~" in line) and FENCE_RE.match(line):
            in_fence = not in_fence
        heading = None if in_fence or line[:1] != "#" else HEADING_RE.match(line)
        if heading is None:
            buffer.append(line)
            continue
        lineno = doc.body_line + offset
        level, text = len(heading["hashes"]), heading["text"]
        if level == 1:
            doc.error("a level-1 heading ('# ...') in a meeting; agenda items are '## <number>. <title>'", lineno)
            buffer.append(line)
        elif level == 2:
            item = _start_item(doc, text, lineno, items)
            if item is None:
                buffer.append(line)  # keep the text where it stood; the error says what to fix
                continue
            flush()
            current, section = item, None
            items.append(item)
        elif level == 3:
            kind = _section_kind(text)
            if current is None:
                doc.error(f"section heading '### {text}' before the first agenda item; start an item with '## 1. <title>' first", lineno)
            elif kind is None:
                doc.error(f"unknown section heading '### {text}' in item {current.number}; use one of: "
                          + ", ".join(f"### {k}" for k in SECTION_KINDS) + " (### Referat = ### Beslutning)", lineno)
            elif kind in current.sections:
                doc.error(f"a second '### {text}' in item {current.number}; merge the two sections into one", lineno)
            else:
                flush()
                section = kind
                current.sections[kind] = ""
        else:
            buffer.append(line)
    flush()
    for item in items:
        item.links = _links(doc, item, lines)
    return items, "\n\n".join(p for p in preamble if p.strip())


def _start_item(doc: Document, text: str, lineno: int, items: list[ItemDraft]) -> ItemDraft | None:
    match = ITEM_HEADING_RE.match(text)
    if match is None:
        doc.error(f"agenda item heading '## {text}' must be '## <number>. <title>', e.g. '## 3. Status'", lineno)
        return None
    number = match["number"].lstrip("0") or "0"
    if items:
        previous = items[-1].number
        if number == previous:
            doc.error(f"item number {number} is used twice (first at line {items[-1].source.line}); give each item its own number", lineno)
        elif _item_number_key(number) < _item_number_key(previous):
            doc.error(f"item number {number} comes after item {previous}; item numbers must increase through the file", lineno)
    return ItemDraft(number=number, title=match["title"].strip(), source=Source(doc.path, lineno))


def _section_kind(text: str) -> str | None:
    name = text.strip().rstrip(":").strip()
    for kind in SECTION_KINDS:
        if name.lower() == kind.lower():
            return kind
    for alias, kind in SECTION_ALIASES.items():
        if name.lower() == alias.lower():
            return kind
    return None


def _links(doc: Document, item: ItemDraft, lines: list[str]) -> list[Link]:
    """Explicit `[text](kind:target)` links in the item, with their file lines (lines: the body's)."""
    start = item.source.line if item.source and item.source.line else doc.body_line
    links = []
    for kind, target, lineno in _find_links(item.texts(), lines, start - doc.body_line):
        links.append(Link(kind, target, Source(doc.path, doc.body_line + lineno)))
    return links


def _preamble_links(doc: Document, preamble: str) -> list[Link]:
    found = _find_links([preamble], doc.body.split("\n"), 0)
    return [Link(kind, target, Source(doc.path, doc.body_line + lineno)) for kind, target, lineno in found]


def _find_links(texts: list[str], body_lines: list[str], first: int) -> list[tuple[str, str, int]]:
    found = []
    seen: set[tuple[str, str]] = set()
    cursor = first  # links come in file order: each is searched for from the line of the last
    for text in texts:
        for m in LINK_RE.finditer(text):
            key = (m["kind"], m["target"])
            if key in seen:
                continue
            seen.add(key)
            cursor = _line_of(m.group(0), body_lines, cursor)
            found.append((m["kind"], m["target"], cursor))
    return found


def _line_of(snippet: str, body_lines: list[str], first: int) -> int:
    head = snippet.split("\n", 1)[0]
    for index in range(first, len(body_lines)):
        if head in body_lines[index]:
            return index
    return first

