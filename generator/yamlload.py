"""The YAML of a content file's frontmatter, read so that it cannot mislead or exhaust the build.

- A key given twice is an error: YAML loaders keep the last, so `public: false` followed
  by `public: true` would publish a closed meeting.
- Anchors and aliases (`&name`, `*name`) are refused: nested aliases expand to gigabytes
  ("billion laughs"), and the content format has no use for them.
- A value that cannot be made (a date like 2021-13-01, a number of more than 4,300
  digits) is reported with its line.
- A text value must be one line without control or text-direction characters: every
  frontmatter text is a name, title or other one-line field.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

from .textrules import forbidden_in_value

# libyaml's loader when available: several times faster, same results as SafeLoader.
BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontmatterError(Exception):
    """A problem with a line in the frontmatter that yaml itself does not report."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _line(node: yaml.Node) -> int:
    # The frontmatter text starts with the newline that ends line 1 ('---').
    return node.start_mark.line + 1


class _ContentLoader(BASE_LOADER):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        self.flatten_mapping(node)  # merge keys ('<<') first, as SafeLoader does
        mapping: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark)
            if key in mapping:
                raise FrontmatterError(_line(key_node), f"the field '{key}' is given twice (first at line "
                                       f"{first_line[key]}); remove one of them (YAML would silently keep the last)")
            first_line[key] = _line(key_node)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise FrontmatterError(_line(node), f"a number of {len(node.value):,} characters is too long to be a "
                                   "number; shorten it, or quote it if it is text") from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise FrontmatterError(_line(node), f"a value in the frontmatter is not a real date ({exc}); "
                                   "use YYYY-MM-DD or quote the value") from None


_ContentLoader.add_constructor("tag:yaml.org,2002:int", _ContentLoader.construct_yaml_int)
_ContentLoader.add_constructor("tag:yaml.org,2002:timestamp", _ContentLoader.construct_yaml_timestamp)


def load_frontmatter(text: str) -> tuple[yaml.Node | None, Any]:
    """The frontmatter's node tree (for line numbers) and data. Raises yaml.YAMLError for
    malformed YAML and FrontmatterError for the problems above."""
    if "&" in text or "*" in text:  # only then can there be anchors or aliases
        _refuse_anchors(text)
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()
    return node, data


def _refuse_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=BASE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontmatterError(event.start_mark.line + 1, "YAML anchors and aliases ('&name', '*name') are not "
                                   "allowed in content files; write the value out (quote it if it starts with & or *)")


def text_value_problems(node: yaml.Node | None, text: str) -> list[tuple[int, str]]:
    """Text values that are not one clean line. Only a frontmatter with a backslash escape,
    a tab or a block scalar ('|', '>') can hold one, so others are not walked."""
    if node is None or not any(c in text for c in "\\\t|>"):
        return []
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            if current.tag == "tag:yaml.org,2002:str":
                problem = _text_problem(current.value)
                if problem:
                    found.append((_line(current), problem))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for _, value in current.value)
    return sorted(found)


def _text_problem(value: str) -> str | None:
    if "\n" in value.strip() or "\t" in value.strip():  # a block scalar ends in a newline
        return "a text value must be a single line (no line breaks or tabs); write it on one line"
    return forbidden_in_value(value)
