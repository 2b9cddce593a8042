"""The `referat` command: check (validate content/), and the archive's other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .archive import derive, load_validated
from .errors import ContentErrors
from .gcpause import gc_paused
from .model import Archive
from .urls import NOUNS as NOUN


def cmd_check(args: argparse.Namespace) -> int:
    try:
        loaded = load_validated(Path(args.content))
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    with gc_paused():  # closed matter needs outcomes too: both editions, from one load
        archive, whole = derive(loaded), derive(loaded, internal=True)
    items = sum(1 for m in archive.meetings for i in m.items if i.public)
    print(f"ok: {len(archive.meetings)} public meetings, {items} public agenda items, {len(archive.forums)} forums, "
          f"{len(archive.agreements)} agreements, {len(archive.people)} people, "
          f"{len(archive.organisations)} organisations")
    if archive.withheld:
        print("withheld from the public site: entries no public minutes refer to, aliases found only in closed "
              "matter (write 'public: true' in an entry to publish it anyway):")
        for w in archive.withheld:
            where = w.source.path.relative_to(archive.root) if w.source else w.registry
            what = f"alias '{w.alias}' of {NOUN[w.registry]} '{w.id}'" if w.alias else f"{NOUN[w.registry]} '{w.id}'"
            print(f"  {where}: {what}")
    unsettled = [(m, i) for m in sorted(whole.meetings, key=lambda m: m.id) for i in m.items if not i.outcome_settled]
    for _, item in unsettled:
        print(f"{item.source}: outcome of item {item.number} ('{item.title}') not settled by the rules; "
              f'set it in the frontmatter, e.g. outcomes: {{"{item.number}": droeftet}}')
    if unsettled:
        print(f"{len(unsettled)} items without a settled outcome (udfald); they show 'Ikke angivet'")
    if args.references:
        _report_references(archive)
    return 0


def _report_references(archive: Archive) -> None:
    """References that stay text in the published site (the public view is what links)."""
    lines: dict[Path, list[str]] = {}
    for ref in archive.unresolved_references:
        source = ref.item.source
        text = lines.setdefault(source.path, source.path.read_text(encoding="utf-8").splitlines())
        line = next((n for n in range(source.line or 1, len(text) + 1) if ref.phrase in text[n - 1]), source.line)
        print(f"{source.path}:{line}: reference '{ref.phrase}' in item {ref.item.number} stays text: {ref.reason}")
    print(f"{len(archive.unresolved_references)} references not linked")




def cmd_import(args: argparse.Namespace) -> int:
    from .importer import ImportFailed
    from .importer.extract import SUFFIXES

    content = Path(args.content)
    paths = [Path(p) for p in args.paths]
    if len(paths) == 1 and not paths[0].is_dir():
        return _import_one(paths[0], content, args)
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(path)
    if not files:
        print(f"referat import: no .txt, .pdf, .docx or .html files in {', '.join(map(str, paths))}", file=sys.stderr)
        return 2
    return _import_many(files, content, args, ImportFailed)


def _import_one(source: Path, content: Path, args: argparse.Namespace) -> int:
    from .importer import ImportFailed

    try:
        result, out = _import_file(source, content, args, Path(args.output) if args.output else None)
    except ImportFailed as exc:
        print(f"referat import: {exc}", file=sys.stderr)
        return 2
    for note in result.uncertainties:
        print(note.format(source.name), file=sys.stderr)
    if args.report:
        Path(args.report).write_text(result.report_json(source.name), encoding="utf-8")
    state = "review needed" if result.uncertainties else "no open questions"
    print(f"{out}: {result.items} agenda items, {result.participants} participants; "
          f"{len(result.uncertainties)} uncertainties ({state})")
    return 0


def _import_file(source: Path, content: Path, args: argparse.Namespace, output: Path | None):
    """Import one document and write its draft (and, when asked, its proposed registry
    entries); an existing draft is never overwritten without --force."""
    from .importer import ImportFailed, import_document, write_proposals

    result = import_document(source, content, forum=args.forum, date=args.date)
    out = output or content / "meetings" / result.forum / f"{result.date}.md"
    if out.exists() and not args.force:
        raise ImportFailed(f"{out} exists; review it, or pass --force to overwrite it")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result.markdown, encoding="utf-8")
    if args.add_proposed:
        for path in write_proposals(result, content):
            print(f"proposed registry entry: {path}", file=sys.stderr)
    return result, out


def _import_many(files: list[Path], content: Path, args: argparse.Namespace, ImportFailed) -> int:
    """Several documents: each on its own (one bad file never stops the rest), a progress
    bar, then one summary line per file; non-zero exit when any file failed."""
    import json

    from tqdm import tqdm

    rows, reports, failed = [], [], 0
    folder = Path(args.output) if args.output else None
    for source in tqdm(files, desc="referat import", unit="dokument", file=sys.stderr, disable=None):
        try:
            result, out = _import_file(source, content, args, None) if not folder else \
                _import_file_into(source, content, args, folder)
        except ImportFailed as exc:
            failed += 1
            rows.append((str(source), "-", "-", "-", "-", f"FAILED: {exc}"))
            continue
        except Exception as exc:  # a bug must not stop the other documents
            failed += 1
            rows.append((str(source), "-", "-", "-", "-", f"FAILED: unexpected {type(exc).__name__}: {exc}"))
            continue
        rows.append((str(source), result.forum, result.date, str(result.items), str(result.participants),
                     f"{len(result.uncertainties)} open" if result.uncertainties else "none"))
        reports.append(json.loads(result.report_json(str(source))) | {"draft": str(out)})
    print(_table(("file", "forum", "date", "items", "participants", "uncertainties"), rows))
    print(f"{len(files) - failed} of {len(files)} documents imported; {failed} failed")
    if args.report:
        Path(args.report).write_text(json.dumps(reports, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


def _import_file_into(source: Path, content: Path, args: argparse.Namespace, folder: Path):
    from .importer import import_document

    result = import_document(source, content, forum=args.forum, date=args.date)
    return _import_file(source, content, args, folder / result.forum / f"{result.date}.md")


def _table(header: tuple, rows: list[tuple]) -> str:
    widths = [max(len(str(r[n])) for r in [header, *rows]) for n in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, rows)])


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

    from .bench import QUERIES, rewrite, run

    if args.rewrite:
        print(rewrite(Path(args.out), args.repeats))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="referat-bench-"))
    print(run(sizes, Path(args.out), work, Path.cwd(), repeats=args.repeats, seed=args.seed,
              anchor_limit=args.anchor_limit, queries=QUERIES[:args.queries] if args.queries else None))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referat", description="Referatarkivet: tools for the minutes archive")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content/ and report every problem with file and line")
    check.add_argument("content", nargs="?", default="content", help="the content folder (default: content)")
    check.add_argument("--references", action="store_true",
                       help="also list references to meetings and items ('jf. punkt 3') that could not be linked")
    check.set_defaults(func=cmd_check)
    imp = sub.add_parser("import", help="turn minutes documents (.txt, .pdf, .docx, .html) into draft archive entries")
    imp.add_argument("paths", nargs="+", metavar="path", help="a minutes document, several, or a folder of them")
    imp.add_argument("--forum", help="forum id, when the document does not name its forum")
    imp.add_argument("--date", help="YYYY-MM-DD, or YYYY-MM when the day is not known, or YYYY")
    imp.add_argument("-o", "--output", help="write here instead of content/meetings/<forum>/<date>.md "
                     "(with several documents: a folder for <forum>/<date>.md)")
    imp.add_argument("--add-proposed", action="store_true",
                     help="also write the proposed registry entries (people, organisations, forums) into the content folder")
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
    bench.add_argument("--repeats", type=int, default=3,
                       help="rounds of paired cold builds per size, ours and every anchor (median)")
    bench.add_argument("--anchor-limit", type=float, default=3600,
                       help="seconds after which an anchor build is stopped and reported as not finished")
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--out", default="docs/benchmarks.md")
    bench.add_argument("--queries", type=int, help="only the first N queries of the benchmark's list (a quicker run)")
    bench.add_argument("--rewrite", action="store_true",
                       help="only write the table and chart again from the figures beside --out (its .json)")
    bench.add_argument("--work", help="folder for archives and sites (default: a new temporary folder)")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
