"""The file tree source: .txt/.html/.htm/.xhtml files (optionally gzipped) named on the
command line or found under folders, walked recursively in sorted order.

Guarantees: symbolic links that lead out of their input folder are refused unless
`follow_links` ('outside_input'); FIFOs, sockets and devices are refused without being
opened ('not_regular'); of two inputs that would get the same output key, the later in
input order is refused ('name_clash'), decided here before anything is cleaned; a file
is read by the worker that cleans it, non-blocking, checked again after opening and
bounded by the size limit.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import CleanError
from . import Record, Refusal, clash, display_path

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")


def output_key(relative: str) -> str:
    """The output key of an input path relative to its root: the input suffixes dropped.

    >>> output_key("a/b.txt"), output_key("page.html.gz"), output_key("notes")
    ('a/b', 'page', 'notes')
    """
    name = relative
    if name.lower().endswith(".gz"):
        name = name[:-3]
    for suffix in INPUT_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _accepts(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(INPUT_SUFFIXES)


@dataclass(frozen=True)
class FileLoader:
    """Reads one regular file, at most `max_bytes` of it (see `read_file`)."""

    path: str

    def read(self, max_bytes: int) -> bytes:
        return read_file(self.path, max_bytes)


class FileTree:
    """The records of files and folders named on the command line (see the module doc)."""

    def __init__(self, paths: Iterable[str | os.PathLike], follow_links: bool = False):
        self.paths = list(paths)
        self.follow_links = follow_links

    def records(self) -> Iterator[Record | Refusal]:
        """Refusals first, then the records in sorted order (as `discover` finds them)."""
        found, refused = discover(self.paths, self.follow_links)
        yield from refused
        yield from found


def file_record(path: str, key: str) -> Record:
    return Record(record_id=path, output_key=key, content=FileLoader(path))


def discover(paths: Iterable[str | os.PathLike], follow_links: bool = False
             ) -> tuple[list[Record], list[Refusal]]:
    """Records under the given files and folders, sorted; and the inputs refused on sight.

    Folders are walked recursively for .txt/.html/.htm (optionally .gz) files, in sorted
    order of the path relative to the folder. Symbolic links (to files or folders) that
    lead out of their input folder are refused unless `follow_links`; links within it are
    taken as files, and linked folders inside it are not walked twice. FIFOs, sockets and
    devices are refused without being opened; of two inputs that would write the same
    output, the later one is refused ('name_clash'), so nothing is overwritten silently.
    A file named on the command line is taken wherever its link points.
    """
    found: list[Record] = []
    refused: list[Refusal] = []
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            in_root, refused_here = _walk(root, follow_links)
            found.extend(in_root)
            refused.extend(refused_here)
        elif root.exists() or root.is_symlink():
            problem = _check_file(root, None, True)
            if problem:
                refused.append(_refusal(root, problem))
            else:
                found.append(file_record(str(root), output_key(root.name)))
        else:
            refused.append(Refusal(str(root), "unreadable", "no such file or folder"))
    unique: list[Record] = []
    seen: dict[str, str] = {}
    for record in found:
        if record.output_key in seen:
            refused.append(clash(record, seen[record.output_key]))
            continue
        seen[record.output_key] = record.record_id
        unique.append(record)
    return unique, refused


def _walk(root: Path, follow_links: bool) -> tuple[list[Record], list[Refusal]]:
    real_root = os.path.realpath(root)
    found: list[tuple[tuple[str, ...], Record]] = []
    refused: list[Refusal] = []

    def on_error(exc: OSError) -> None:
        refused.append(Refusal(str(exc.filename or root), "unreadable",
                               f"folder not readable: {exc.strerror or exc}"))

    visited: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=follow_links):
        here = Path(dirpath)
        if follow_links:
            # Followed links can form cycles; walk each real folder once.
            real = os.path.realpath(here)
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
        else:
            for name in dirnames:
                sub = here / name
                if sub.is_symlink() and not _inside(os.path.realpath(sub), real_root):
                    refused.append(Refusal(str(sub), "outside_input",
                                           "symbolic link to a folder outside the input folder; not followed"))
        dirnames.sort()
        for name in filenames:
            if not _accepts(name):
                continue
            path = here / name
            problem = _check_file(path, real_root, follow_links)
            if problem:
                refused.append(_refusal(path, problem))
                continue
            rel = path.relative_to(root)
            found.append((rel.parts, file_record(str(path), output_key(rel.as_posix()))))
    # Sorted by path relative to the root, whatever order the file system lists.
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found], refused


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _refusal(path: Path | str, problem: CleanError) -> Refusal:
    return Refusal(str(path), problem.reason, problem.detail)


def _check_file(path: Path, real_root: str | None, follow_links: bool) -> CleanError | None:
    """Why `path` must not be opened, or None. Uses stat only: a FIFO is never opened."""
    try:
        if real_root is not None and not follow_links and path.is_symlink():
            target = os.path.realpath(path)
            if not _inside(target, real_root):
                return CleanError("outside_input", f"symbolic link to {display_path(target)}, outside the input folder")
        mode = os.stat(path).st_mode
    except OSError as exc:
        return CleanError("unreadable", exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return CleanError("not_regular", "not a regular file (FIFO, socket or device); not opened")
    return None


def read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them.

    Opened non-blocking and checked again after opening: a file swapped for a FIFO after
    discovery must not hang the run."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CleanError("not_regular", "not a regular file (FIFO, socket or device)")
        if info.st_size > max_bytes:
            raise CleanError("too_large", f"{info.st_size} bytes, over the limit of {max_bytes}")
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(max_bytes + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_bytes:
        raise CleanError("too_large", f"grew past the limit of {max_bytes} bytes while being read")
    return data
