"""The command line: `pipeline clean` and `pipeline explain` (see shared/CONTRACT.md).

Thin: argument parsing, progress and printing. The work is `pipeline.batch.clean_paths`
and `pipeline.core.analyse`. Never imports Prefect, so one-off cleaning starts fast.
The output options of `clean` (--out, --jsonl, --parquet, ...) are not written here: each
sink module declares its own (`pipeline.sinks.SinkKind`), and the options, the messages that
name them and the summary are built from that table.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report Ctrl-C


def _parser() -> argparse.ArgumentParser:
    from .sinks import kinds

    outputs = list(kinds().values())
    parser = argparse.ArgumentParser(prog="pipeline", description="Clean scraped news text and HTML into JSON documents.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help="clean files, folders, WARC and JSON Lines files", description=(
        f"Clean each input into {_either([f'{kind.writes} ({kind.option})' for kind in outputs])}. "
        "INPUT is a page or text file (.txt, .html, .htm, optionally .gz), a folder (walked "
        "recursively), a WARC file (.warc, .warc.gz: its HTML response records) or a JSON Lines file of "
        "scraped records (.jsonl: {\"url\": ..., \"html\": ...} or \"text\"), told apart by suffix "
        "and content; '-' is one document read from standard input (written as stdin.json). Several "
        f"outputs may be given at once (the first of {', '.join(k.option for k in _by_precedence(outputs))} "
        "keeps the record of what is unchanged). Ends with one summary line on standard error. Exit 0 "
        "when all were cleaned, 1 when some failed, 130 when interrupted (143 on SIGTERM)."))
    clean.add_argument("paths", nargs="+", metavar="INPUT")
    for kind in outputs:  # in module order: the help lists them as `kinds()` finds them
        clean.add_argument(kind.option, dest=kind.dest, metavar=kind.metavar, help=kind.help)
    clean.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: all cores)")
    clean.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                       help="input format (default: auto, by what the container says or the suffix, and by "
                            "the content where there is neither or the content is a whole HTML document)")
    clean.add_argument("--fields", metavar="ROLE=NAME,...", default=None,
                       help="field names of JSON Lines records, e.g. url=link,html=body,text=content,id=key "
                            "(default: url, html, text, id)")
    clean.add_argument("--skip-unchanged", action="store_true",
                       help="keep, without cleaning it again, an input whose bytes have the same sha256 as "
                            "when its output was made, by the same cleaning code (the modules that "
                            "decide an output, the schema, the versions of the libraries that shape text) "
                            "and settings (--format, --max-bytes), and whose output is still as written")
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
    clean.add_argument("--group-duplicates", action="store_true",
                       help="after cleaning, group near-copies of one article (wire copies, re-scrapes) "
                            "across this and earlier runs into the --out folder: each document with a "
                            "near-copy gets a 'duplicates' object, DIR/duplicates.jsonl lists the groups")
    clean.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    clean.add_argument("--verbose", action="store_true",
                       help="also name each file skipped as not an input type, and each input whose "
                            "content decided its format over its suffix")

    parser.clean_parser = clean  # usage errors of clean's options show clean's usage
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
    """The progress bar on a terminal (tqdm: the counts, the rate and an ETA); nothing when
    stderr is not a terminal. tqdm loads only when a bar is shown."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            import shutil

            from tqdm import tqdm

            # mininterval: redrawn at most 10 times a second, so a fast run pays nothing
            # measurable (bench/progress.py); leave=False: the summary line takes its place at
            # the end; the size from the terminal, with a fallback where it reports none (a
            # pseudo-terminal of 0 rows makes tqdm print nothing at all).
            size = shutil.get_terminal_size((100, 24))
            self.bar = tqdm(total=0, file=sys.stderr, unit="doc", mininterval=0.1, leave=False,
                            ncols=size.columns or 100, nrows=size.lines or 24,
                            bar_format="{bar:30} {n_fmt}/{total_fmt}{postfix} ({rate_fmt}, ETA {remaining})")

    def clear(self) -> None:
        """Wipe the bar so that a message line can be written in its place."""
        if self.bar is not None:
            self.bar.clear()

    def update(self, report, final: bool = False) -> None:
        if self.bar is None:
            return
        done = report.cleaned + report.unchanged + report.failed
        # A WARC or JSON Lines input is read as the run goes: its total is what is known so far.
        self.bar.total = report.expected if report.expected is not None else report.found
        self.bar.set_postfix_str(f"cleaned {report.cleaned:,}, unchanged {report.unchanged:,}, "
                                 f"failed {report.failed:,}", refresh=False)
        self.bar.update(done - self.bar.n)
        if final:
            self.bar.refresh()  # the last counts, drawn whatever the redraw interval
            self.bar.close()


def _count(n: int, noun: str) -> str:
    """
    >>> _count(1, "file"), _count(1991, "file")
    ('1 file', '1,991 files')
    """
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _either(items: list[str]) -> str:
    """
    >>> _either(["a"]), _either(["a", "b", "c"])
    ('a', 'a, b or c')
    """
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _by_precedence(outputs):
    """Sink kinds in the order that makes the first one given primary (stable: module
    order among equals)."""
    return sorted(outputs, key=lambda kind: kind.precedence)


def _chosen(args: argparse.Namespace) -> list:
    """The outputs the command line asks for, as (sink kind, target), the primary first."""
    from .sinks import kinds

    return [(kind, getattr(args, kind.dest, None)) for kind in _by_precedence(kinds().values())
            if getattr(args, kind.dest, None)]


def _destinations(args: argparse.Namespace) -> str:
    """Where a run's outputs went, as the summary names them."""
    return " and ".join(_one_line(kind.shown(target)) for kind, target in _chosen(args))


def _summary(report, args: argparse.Namespace, seconds: float) -> str:
    """The one line that ends a run.

    >>> from pipeline.batch import Report
    >>> args = argparse.Namespace(out="out", parquet=None, jsonl=None)
    >>> _summary(Report(found=1993, cleaned=1988, failed=3, skipped=["a.md", "b"]), args, 6.07)
    'cleaned 1,988, unchanged 0, failed 3, skipped 2 (not an input type) -> out/ in 6.1 s'
    """
    line = f"cleaned {report.cleaned:,}, unchanged {report.unchanged:,}, failed {report.failed:,}"
    if report.skipped:
        line += f", skipped {len(report.skipped):,} (not an input type)"
    return f"{line} -> {_destinations(args)} in {seconds:.1f} s"


def _one_line(text: str) -> str:
    r"""Text for a one-line message: control characters (a newline in a file name) escaped.

    >>> _one_line("odd\nname.txt")
    'odd\\nname.txt'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _usage_problem(chosen: list, args: argparse.Namespace) -> str | None:
    """What is wrong with the outputs asked for, before any input is cleaned: none given,
    --group-duplicates with an output that cannot group, a target that cannot be written."""
    from .sinks import kinds

    outputs = list(kinds().values())
    if not chosen:
        return f"clean needs {_either([f'{kind.option} {kind.metavar}' for kind in outputs])}"
    if args.group_duplicates and not all(kind.groups_duplicates for kind, _ in chosen):
        # Single-file outputs are streamed before a document's later near-copies are known.
        grouping = [f"{kind.option} {kind.metavar}" for kind in outputs if kind.groups_duplicates]
        if not grouping:
            return "--group-duplicates: no output can group near-copies"
        article = "an" if grouping[0].lstrip("-")[:1] in tuple("aeiou") else "a"
        others = [kind.option for kind in outputs if not kind.groups_duplicates]
        return f"--group-duplicates works on {article} {_either(grouping)} only (not with {_either(others)})"
    for kind, target in chosen:
        problem = _target_problem(kind, target, args.paths)
        if problem:
            return problem
    return None


def _target_problem(kind, target: str, inputs: list[str]) -> str | None:
    """Why the output `target` of `kind` cannot be written (None: it can): a folder that
    can neither be used nor made; a file that would land on or inside an input, or that
    has no writable folder, or is a folder."""
    if kind.folder:
        problem = _unmakeable_folder(target)
        return f"{kind.option} {target}: {problem}" if problem else None
    if kind.stdout and target == "-":
        return None
    from .sources import input_overlapping

    for written in (target, f"{target}.pipeline-state"):  # the file and its manifest
        overlapped = input_overlapping(written, inputs)
        if overlapped is not None:
            return (f"{kind.option} {target} would overwrite or write inside the input {overlapped}; "
                    "inputs are never modified")
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        return f"cannot write {kind.option} {target}: no writable folder {folder}"
    if os.path.isdir(target):
        return f"{kind.option} {target} is a folder"
    return None


def _sinks(chosen: list, settings, parser: argparse.ArgumentParser):
    """The sink for the outputs asked for (several: the first of them is primary)."""
    from .sinks import SinkUnavailable, Tee

    made = []
    for kind, target in chosen:
        try:
            made.append(kind.make(target, settings))
        except SinkUnavailable as exc:  # a library it needs is missing
            parser.error(str(exc))
    return made[0] if len(made) == 1 else Tee(*made)


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

    chosen = _chosen(args)
    problem = _usage_problem(chosen, args)
    if problem:
        parser.error(problem)
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
    settings = Settings(format=args.format, skip_unchanged=args.skip_unchanged,
                        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
                        timeout=DEFAULT_TIMEOUT if args.timeout is None else (args.timeout or None),
                        follow_links=args.follow_links, fsync=args.fsync)
    sink = _sinks(chosen, settings, parser)
    progress = _Progress(enabled=sys.stderr.isatty() and not args.quiet)
    seen = {"report": None}

    def on_outcome(outcome, report) -> None:
        seen["report"] = report
        if outcome.status == "failed":
            progress.clear()
            sys.stderr.write(f"pipeline: {_one_line(outcome.path)}: {outcome.reason}: {_one_line(outcome.detail or '')}\n")
        elif outcome.note and args.verbose:
            progress.clear()
            sys.stderr.write(f"pipeline: {_one_line(outcome.path)}: {outcome.note}\n")
        progress.update(report)

    started = time.monotonic()
    try:
        report = clean_paths(args.paths, settings, jobs=args.jobs, on_outcome=on_outcome, sink=sink,
                             jsonl_fields=fields)
        if args.group_duplicates:
            from .duplicates import group_folder

            for _kind, folder in chosen:  # every output given can group (checked above)
                group_folder(folder, ((rid, entry.key) for rid, entry in report.entries.items()), fsync=args.fsync)
    except (KeyboardInterrupt, _Stopped) as exc:
        # Workers are stopped and temporaries removed as clean_paths unwinds; what is left
        # to say is how far the run got.
        # A second Ctrl-C must not cut the cleanup or this line short (the handler is put
        # back after: main() may run inside a host program).
        earlier = signal.signal(signal.SIGINT, signal.SIG_IGN) if _in_main_thread() else None
        try:
            _remove_own_temporaries(chosen)
            progress.clear()
            sys.stderr.write(_interrupted(seen["report"], chosen) + "\n")
        finally:
            if earlier is not None:
                signal.signal(signal.SIGINT, earlier)
        return exc.code if isinstance(exc, _Stopped) else EXIT_INTERRUPTED
    except OSError as exc:
        # The output as a whole could not be made (a full disk when a file is renamed into
        # place): nothing half-written is left, and the run failed.
        progress.clear()
        print(f"pipeline: cannot write the output: {_one_line(exc.strerror or str(exc))}", file=sys.stderr)
        failures = getattr(exc, "failures", None)
        if failures is not None:
            # The failure record has nowhere else to go: all of it, on standard error.
            print(f"pipeline: the run's {len(failures)} failure records follow (JSON lines):", file=sys.stderr)
            sys.stderr.write(exc.lines())
        return EXIT_FAILED
    progress.update(report, final=True)
    if args.verbose:
        for path in report.skipped:
            sys.stderr.write(f"pipeline: {_one_line(path)}: skipped: not an input type\n")
    if not args.quiet:
        if report.found == 0:
            where = ", ".join(_one_line(str(p)) for p in args.paths)
            extra = f" ({_count(len(report.skipped), 'file')} of other types skipped)" if report.skipped else ""
            sys.stderr.write(f"no inputs found under {where}{extra}\n")
        else:
            sys.stderr.write(_summary(report, args, time.monotonic() - started) + "\n")
    return EXIT_FAILED if report.failed else EXIT_OK


def _remove_own_temporaries(chosen: list) -> None:
    """Remove this process's temporary files: a signal that lands between a temporary's
    creation and the `with` that owns it (a window of a few instructions) leaves it behind.
    They lie anywhere under an output folder, and beside an output file."""
    from .sinks.atomic import TMP_PREFIX, TMP_SUFFIX

    mine = f"{TMP_PREFIX}{os.getpid()}-"
    folders = [(target, True) if kind.folder else (os.path.dirname(os.path.abspath(target)), False)
               for kind, target in chosen if not (kind.stdout and target == "-")]
    for folder, recursive in folders:
        walked = os.walk(folder) if recursive else [(folder, None, os.listdir(folder) if os.path.isdir(folder) else [])]
        for dirpath, _dirs, names in walked:
            for name in names:
                if name.startswith(mine) and name.endswith(TMP_SUFFIX):
                    try:
                        os.unlink(os.path.join(dirpath, name))
                    except OSError:
                        pass


def _interrupted(report, chosen: list) -> str:
    """The one line an interrupted run ends with."""
    written = (report.cleaned + report.unchanged) if report is not None else 0
    found = report.found if report is not None else 0
    if not any(kind.folder or (kind.stdout and target == "-") for kind, target in chosen):
        # A single output file is made whole or not at all: the earlier one stays as it was.
        return "interrupted: nothing written (an output file is written whole or not at all); run again to finish"
    expected = report.expected if report is not None else None
    of = f"{expected:,}" if expected is not None else f"{found:,} found so far"
    return f"interrupted: {written:,} of {of} written; run again to finish"


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


class _Stopped(SystemExit):
    """A stop signal (SIGTERM, SIGHUP) received: unwinds like Ctrl-C, exits 128 + its number."""


def _stop_on_signal(signum, frame) -> None:
    # SIGTERM (kill, systemd, docker stop) and SIGHUP unwind like Ctrl-C: the run's
    # temporary file is removed and its workers stopped, instead of dying mid-write.
    raise _Stopped(128 + signum)


def main(argv: list[str] | None = None) -> int:
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
            return _run_clean(args, parser.clean_parser)
        return _run_explain(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED  # before or after the work (explain): nothing to report
    except BrokenPipeError:
        # The reader went away (`pipeline explain x | head`): not an error worth a traceback.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
