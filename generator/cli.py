"""The `referat` command: check (validate content/), and the archive's other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .archive import load_archive
from .errors import ContentErrors


def cmd_check(args: argparse.Namespace) -> int:
    try:
        archive = load_archive(Path(args.content))
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    items = sum(len(m.items) for m in archive.meetings)
    print(f"ok: {len(archive.meetings)} meetings, {items} agenda items, {len(archive.forums)} forums, "
          f"{len(archive.agreements)} agreements, {len(archive.people)} people, "
          f"{len(archive.organisations)} organisations")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referat", description="Referatarkivet: tools for the minutes archive")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content/ and report every problem with file and line")
    check.add_argument("content", nargs="?", default="content", help="the content folder (default: content)")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
