"""The command line: `pipeline clean` and `pipeline explain` (see shared/CONTRACT.md).

Thin: argument parsing, progress and printing. The work is `pipeline.batch.clean_paths`
and `pipeline.core.analyse`. Never imports Prefect, so one-off cleaning starts fast.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description="Clean scraped news text and HTML into JSON documents.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help="clean files, folders, WARC and JSON Lines files", description=(
        "Clean each input into DIR/<relative path>.json (--out), JSON lines (--jsonl) or a Parquet file "
        "(--parquet). INPUT is a page or text file (.txt, .html, .htm, optionally .gz), a folder (walked "
        "recursively), a WARC file (.warc, .warc.gz: its HTML response records) or a JSON Lines file of "
        "scraped records (.jsonl: {\"url\": ..., \"html\": ...} or \"text\"), told apart by suffix "
        "and content. Several outputs may be given at once (the first of --out, --parquet, --jsonl keeps the "
        "record of what is unchanged). Exit 0 when all were cleaned, 1 when some failed."))
    clean.add_argument("paths", nargs="+", metavar="INPUT")
    clean.add_argument("--out", metavar="DIR", help="output folder: one JSON file per document")
    clean.add_argument("--jsonl", metavar="FILE", help="every document as one JSON line in FILE ('-' for stdout)")
    clean.add_argument("--parquet", metavar="FILE", help="every document as one row of the Parquet file FILE")
    clean.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: all cores)")
    clean.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                       help="input format (default: auto, by what the container says, suffix and then content)")
    clean.add_argument("--fields", metavar="ROLE=NAME,...", default=None,
                       help="field names of JSON Lines records, e.g. url=link,html=body,text=content,id=key "
                            "(default: url, html, text, id)")
    clean.add_argument("--skip-unchanged", action="store_true",
                       help="skip inputs whose output was made from the same bytes by the same code and settings")
    clean.add_argument("--max-bytes", type=int, default=None, metavar="N",
                       help="refuse inputs larger than N bytes after decompression (default: 64 MiB)")
    clean.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="per-document time limit; an input still being cleaned after it is recorded "
                            "as failed (timeout) and the run goes on (default: 120; 0: no limit)")
    clean.add_argument("--no-fsync", dest="fsync", action="store_false",
                       help="do not sync each output to disk before renaming it into place (faster; "
                            "outputs stay whole for readers and killed runs, but not across a power cut)")
    clean.add_argument("--follow-links", action="store_true",
                       help="follow symbolic links that lead out of an input folder (default: refuse them)")
    clean.add_argument("--quiet", action="store_true", help="no progress bar")

    explain = sub.add_parser("explain", help="show how FILE's blocks were labelled, and by which rule",
                             description="Show each block of FILE with its kind and the rule that decided it "
                                         "('- ' marks a removed block), then the document's fields and a table "
                                         "of removed blocks by kind and rule. For an HTML page, the text the "
                                         "extractor discarded shows as off_article with where it sat.")
    explain.add_argument("path", metavar="FILE")
    explain.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                         help="input format (default: auto, by suffix and then content)")
    explain.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    explain.add_argument("--removed", action="store_true", help="show only the blocks that were taken out")
    explain.add_argument("--kind", metavar="KIND", help="show only blocks of this kind (e.g. caption, navigation)")
    explain.add_argument("-n", "--line-numbers", action="store_true",
                         help="start each block with the input line it was found on")
    explain.add_argument("--width", type=int, default=None, metavar="N",
                         help="wrap long blocks at N columns under the text column (default: the terminal's "
                              "width on a terminal, no wrapping when piped; 0: never)")
    explain.add_argument("--report", choices=("text", "html"), default="text",
                         help="html: write a self-contained review page (removed blocks struck through and "
                              "labelled, a legend and the counts) to standard output or --output")
    explain.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    return parser


class _Progress:
    """A one-line progress display on a terminal; silent when stderr is not one."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, report, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.1:
            return
        self.last = now
        done = report.cleaned + report.unchanged + report.failed
        rate = done / max(now - self.start, 1e-9)
        width = 30
        filled = int(width * done / report.found) if report.found else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{report.found} "
                         f"({report.failed} failed) {rate:.0f}/s")
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _one_line(text: str) -> str:
    r"""Text for a one-line message: control characters (a newline in a file name) escaped.

    >>> _one_line("odd\nname.txt")
    'odd\\nname.txt'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _sinks(args: argparse.Namespace, parser: argparse.ArgumentParser):
    """The sink for --out / --parquet / --jsonl (several: the first of them is primary)."""
    from .sinks import Tee

    chosen = []
    if args.out:
        from .sinks.json_folder import JsonFolder

        chosen.append(JsonFolder(args.out, fsync=args.fsync))
    from .sources import input_overlapping

    for option, value in (("--parquet", args.parquet), ("--jsonl", args.jsonl)):
        if not value or value == "-":
            continue
        for written in (value, f"{value}.pipeline-state"):  # the file and its manifest
            overlapped = input_overlapping(written, args.paths)
            if overlapped is not None:
                parser.error(f"{option} {value} would overwrite or write inside the input {overlapped}; "
                             "inputs are never modified")
        folder = os.path.dirname(os.path.abspath(value))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            parser.error(f"cannot write {option} {value}: no writable folder {folder}")
        if os.path.isdir(value):
            parser.error(f"{option} {value} is a folder")
    if args.parquet:
        from .sinks.parquet import ParquetFile

        try:
            chosen.append(ParquetFile(args.parquet, fsync=args.fsync))
        except RuntimeError as exc:  # pyarrow missing
            parser.error(str(exc))
    if args.jsonl:
        from .sinks.jsonl import JsonLines

        chosen.append(JsonLines(args.jsonl, fsync=args.fsync))
    return chosen[0] if len(chosen) == 1 else Tee(*chosen)


def _unmakeable_folder(path: str) -> str | None:
    """Why the output folder `path` can neither be used nor made, or None: checked before
    any input is cleaned, so `--out afile/sub` is one usage error, not a failure per input."""
    if os.path.exists(path):
        if not os.path.isdir(path):
            return "exists and is not a folder"
        return None if os.access(path, os.W_OK | os.X_OK) else "the folder is not writable"
    parent = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        return f"{parent} is a file, so no folder can be made under it"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot make a folder in {parent}: not writable"
    return None


def _run_clean(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .batch import DEFAULT_TIMEOUT, MAX_TIMEOUT, Settings, clean_paths
    from .reading import DEFAULT_MAX_BYTES

    if not (args.out or args.jsonl or args.parquet):
        parser.error("clean needs --out DIR, --jsonl FILE or --parquet FILE")
    if args.out:
        problem = _unmakeable_folder(args.out)
        if problem:
            parser.error(f"--out {args.out}: {problem}")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.max_bytes is not None and args.max_bytes < 1:
        parser.error("--max-bytes must be at least 1")
    if args.timeout is not None and not 0 <= args.timeout <= MAX_TIMEOUT:  # nan fails both tests
        parser.error(f"--timeout must be a number of seconds from 0 (no limit) to {MAX_TIMEOUT:g}")
    fields = None
    if args.fields:
        from .sources.jsonl import JsonlFields

        try:
            fields = JsonlFields.parse(args.fields)
        except ValueError as exc:
            parser.error(f"--fields: {exc}")
    settings = Settings(out_dir=args.out, format=args.format, skip_unchanged=args.skip_unchanged,
                        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
                        timeout=DEFAULT_TIMEOUT if args.timeout is None else (args.timeout or None),
                        follow_links=args.follow_links, fsync=args.fsync)
    sink = _sinks(args, parser)
    progress = _Progress(enabled=sys.stderr.isatty() and not args.quiet)

    def on_outcome(outcome, report) -> None:
        if outcome.status == "failed":
            if progress.enabled:
                sys.stderr.write("\r\033[K")
            sys.stderr.write(f"pipeline: {_one_line(outcome.path)}: {outcome.reason}: {_one_line(outcome.detail or '')}\n")
        progress.update(report)

    try:
        report = clean_paths(args.paths, settings, jobs=args.jobs, on_outcome=on_outcome, sink=sink,
                             jsonl_fields=fields)
    except OSError as exc:
        # The output as a whole could not be made (a full disk when a file is renamed into
        # place): nothing half-written is left, and the run failed.
        print(f"pipeline: cannot write the output: {_one_line(exc.strerror or str(exc))}", file=sys.stderr)
        failures = getattr(exc, "failures", None)
        if failures is not None:
            # The failure record has nowhere else to go: all of it, on standard error.
            print(f"pipeline: the run's {len(failures)} failure records follow (JSON lines):", file=sys.stderr)
            sys.stderr.write(exc.lines())
        return EXIT_FAILED
    progress.update(report, final=True)
    return EXIT_FAILED if report.failed else EXIT_OK


def _run_explain(args: argparse.Namespace) -> int:
    from .errors import CleanError
    from .explain import build_report, render_html, render_text, select
    from .kinds import KINDS

    if args.kind is not None and args.kind not in KINDS:
        print(f"pipeline: unknown kind {args.kind!r}; kinds: {', '.join(sorted(KINDS))}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with open(args.path, "rb") as handle:
            report = build_report(handle.read(), path=args.path, format=args.format)
    except OSError as exc:
        # Worded as `clean` words it (pipeline.sources.files), so the two commands agree.
        why = "no such file or folder" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        print(f"pipeline: {_one_line(args.path)}: unreadable: {why}", file=sys.stderr)
        return EXIT_FAILED
    except CleanError as exc:
        print(f"pipeline: {_one_line(args.path)}: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    rows = select(report.rows, removed_only=args.removed, kind=args.kind)
    if args.report == "html":
        text = render_html(report, rows)
    else:
        to_terminal = args.output is None and sys.stdout.isatty()
        colour = args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR"))
        width = args.width
        if width is None:
            import shutil

            width = shutil.get_terminal_size().columns if to_terminal else 0
        text = render_text(report, rows, colour=colour, width=width, line_numbers=args.line_numbers)
    if args.output:
        from .sinks.atomic import AtomicFile

        with AtomicFile(args.output) as target:  # whole or absent, like every output
            target.handle.write(text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    if report.error:
        print(f"pipeline: {_one_line(args.path)}: {_one_line(report.error)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _in_main_thread() -> bool:
    """Signal handlers can only be set from the main thread (not when main() is called
    from a worker thread of a host program)."""
    import threading

    return threading.current_thread() is threading.main_thread()


def _stop_on_signal(signum, frame) -> None:
    # SIGTERM (kill, systemd, docker stop) and SIGHUP unwind like Ctrl-C: the run's
    # temporary file is removed and its workers stopped, instead of dying mid-write.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    import signal

    if _in_main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _stop_on_signal)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    try:
        if args.command == "clean":
            return _run_clean(args, parser)
        return _run_explain(args)
    except BrokenPipeError:
        # The reader went away (`pipeline explain x | head`): not an error worth a traceback.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
