"""The `referat` command: check (validate content/), and the archive's other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .archive import load_archive
from .errors import ContentErrors


def cmd_check(args: argparse.Namespace) -> int:
    try:
        archive = load_archive(Path(args.content), internal=True)  # closed matter needs outcomes too
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    items = sum(len(m.items) for m in archive.meetings)
    print(f"ok: {len(archive.meetings)} meetings, {items} agenda items, {len(archive.forums)} forums, "
          f"{len(archive.agreements)} agreements, {len(archive.people)} people, "
          f"{len(archive.organisations)} organisations")
    unsettled = [(m, i) for m in sorted(archive.meetings, key=lambda m: m.id) for i in m.items if not i.outcome_settled]
    for meeting, item in unsettled:
        print(f"{item.source}: outcome of item {item.number} ('{item.title}') not settled by the rules; "
              f'set it in the frontmatter, e.g. outcomes: {{"{item.number}": droeftet}}')
    if unsettled:
        print(f"{len(unsettled)} items without a settled outcome (udfald); they show 'Ikke angivet'")
    if args.references:
        _report_references(Path(args.content))
    return 0


def _report_references(content: Path) -> None:
    """References that stay text in the published site (the public view is what links)."""
    archive = load_archive(content)
    lines: dict[Path, list[str]] = {}
    for ref in archive.unresolved_references:
        source = ref.item.source
        text = lines.setdefault(source.path, source.path.read_text(encoding="utf-8").splitlines())
        line = next((n for n in range(source.line or 1, len(text) + 1) if ref.phrase in text[n - 1]), source.line)
        print(f"{source.path}:{line}: reference '{ref.phrase}' in item {ref.item.number} stays text: {ref.reason}")
    print(f"{len(archive.unresolved_references)} references not linked")


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import ImportFailed, import_document

    source = Path(args.path)
    content = Path(args.content)
    try:
        result = import_document(source, content, forum=args.forum, date=args.date)
    except ImportFailed as exc:
        print(f"referat import: {exc}", file=sys.stderr)
        return 2
    out = Path(args.output) if args.output else content / "meetings" / result.forum / f"{result.date}.md"
    if out.exists() and not args.force and not args.output:
        print(f"referat import: {out} exists; review it, or pass --force to overwrite it", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result.markdown, encoding="utf-8")
    for note in result.uncertainties:
        print(note.format(source.name), file=sys.stderr)
    if args.report:
        Path(args.report).write_text(result.report_json(source.name), encoding="utf-8")
    state = "review needed" if result.uncertainties else "no open questions"
    print(f"{out}: {result.items} agenda items, {result.participants} participants; "
          f"{len(result.uncertainties)} uncertainties ({state})")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth import synthesize

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        print(f"referat synth: {out} is not empty; choose a new folder", file=sys.stderr)
        return 2
    counts = synthesize(out, args.meetings, args.seed, source=Path(args.content))
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import tempfile

    from .bench import run

    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="referat-bench-"))
    print(run(sizes, Path(args.out), work, Path.cwd(), repeats=args.repeats, seed=args.seed))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referat", description="Referatarkivet: tools for the minutes archive")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content/ and report every problem with file and line")
    check.add_argument("content", nargs="?", default="content", help="the content folder (default: content)")
    check.add_argument("--references", action="store_true",
                       help="also list references to meetings and items ('jf. punkt 3') that could not be linked")
    check.set_defaults(func=cmd_check)
    imp = sub.add_parser("import", help="turn a minutes document (.txt, .pdf, .docx) into a draft archive entry")
    imp.add_argument("path", help="the minutes document")
    imp.add_argument("--forum", help="forum id, when the document does not name its forum")
    imp.add_argument("--date", help="YYYY-MM-DD, or YYYY-MM when the day is not known")
    imp.add_argument("-o", "--output", help="write here instead of content/meetings/<forum>/<date>.md")
    imp.add_argument("--force", action="store_true", help="overwrite an existing entry")
    imp.add_argument("--report", help="also write the list of uncertainties as JSON to this file")
    imp.add_argument("--content", default="content", help="the content folder with the registries (default: content)")
    imp.set_defaults(func=cmd_import)
    synth = sub.add_parser("synth", help="write a synthetic archive for scale tests")
    synth.add_argument("--meetings", type=int, required=True)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--out", required=True, help="an empty or new folder")
    synth.add_argument("--content", default="content", help="real minutes to learn the language from")
    synth.set_defaults(func=cmd_synth)
    bench = sub.add_parser("bench", help="measure build and search on synthetic archives; writes docs/benchmarks.md")
    bench.add_argument("--sizes", default="1000,5000", help="meetings per archive, comma-separated")
    bench.add_argument("--repeats", type=int, default=3, help="full builds per size (median)")
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--out", default="docs/benchmarks.md")
    bench.add_argument("--work", help="folder for archives and sites (default: a new temporary folder)")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
