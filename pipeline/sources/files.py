"""The file tree source: .txt/.html/.htm/.xhtml files (optionally gzipped) named on the
command line or found under folders, walked recursively in sorted order.

Guarantees: symbolic links that lead out of their input folder are refused unless
`follow_links` ('outside_input'); FIFOs, sockets and devices are refused without being
opened ('not_regular'); of two inputs that would get the same output key, the later in
input order is refused ('name_clash'), decided here before anything is cleaned; a file
is read by the worker that cleans it, non-blocking, checked again after opening and
bounded by the size limit.

What discovery decided holds when the file is opened: a file found under an input folder
is opened by walking from the folder's own descriptor one name at a time (`openat`-style,
each step `O_NOFOLLOW`), and the folder is checked to be the one that was walked (device
and inode). A folder or file swapped for a symbolic link after discovery is refused
('outside_input'), never followed out of the folder.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import CleanError
from . import OutputNames, Record, Refusal, display_path, file_kind as _kind

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
class Beneath:
    """Where a file found under an input folder is, as discovery saw it: the folder's real
    path and (device, inode), and the file's path below it, one name a step."""

    root: str
    root_id: tuple[int, int]
    parts: tuple[str, ...]


@dataclass(frozen=True)
class FileLoader:
    """Reads one regular file, at most `max_bytes` of it (see `read_file`); one found under
    an input folder is opened beneath it (see `open_beneath`)."""

    path: str
    beneath: Beneath | None = None

    def read(self, max_bytes: int) -> bytes:
        return read_file(self.path, max_bytes, self.beneath)


class FileTree:
    """The records of files and folders named on the command line (see the module doc)."""

    def __init__(self, paths: Iterable[str | os.PathLike], follow_links: bool = False):
        self.paths = list(paths)
        self.follow_links = follow_links
        self.skipped: list[str] = []  # files under the folders that are not of an input type
        self.total: int | None = None

    def records(self) -> Iterator[Record | Refusal]:
        """Refusals first, then the records in sorted order (as `discover` finds them)."""
        found, refused = discover(self.paths, self.follow_links, self.skipped)
        self.total = len(found) + len(refused)  # known once walked: how many inputs the run has
        yield from refused
        yield from found


def file_record(path: str, key: str, beneath: Beneath | None = None) -> Record:
    return Record(record_id=path, output_key=key, content=FileLoader(path, beneath))


def discover(paths: Iterable[str | os.PathLike], follow_links: bool = False,
             skipped: list[str] | None = None) -> tuple[list[Record], list[Refusal]]:
    """Records under the given files and folders, sorted; and the inputs refused on sight.

    Folders are walked recursively for .txt/.html/.htm (optionally .gz) files, in sorted
    order of the path relative to the folder. Symbolic links (to files or folders) that
    lead out of their input folder are refused unless `follow_links`; links within it are
    taken as files, and linked folders inside it are not walked twice. FIFOs, sockets and
    devices are refused without being opened; of two inputs that would write the same
    output, the later one is refused ('name_clash'), so nothing is overwritten silently.
    A file named on the command line is taken wherever its link points. Files under a
    folder that are not of an input type are appended to `skipped` (shown paths, sorted).
    """
    found: list[Record] = []
    refused: list[Refusal] = []
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            in_root, refused_here = _walk(root, follow_links, skipped)
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
    names = OutputNames()
    for record in found:
        refusal = names.claim(record)
        if refusal is not None:
            refused.append(refusal)
            continue
        unique.append(record)
    return unique, refused


def _walk(root: Path, follow_links: bool, skipped: list[str] | None = None
          ) -> tuple[list[Record], list[Refusal]]:
    real_root = os.path.realpath(root)
    try:
        info = os.stat(real_root)
        root_id = (info.st_dev, info.st_ino)
    except OSError:
        root_id = None  # gone already: os.walk reports it
    found: list[tuple[tuple[str, ...], Record]] = []
    refused: list[Refusal] = []

    def on_error(exc: OSError) -> None:
        refused.append(Refusal(str(exc.filename or root), "unreadable",
                               f"folder not readable: {exc.strerror or exc}"))

    visited: set[str] = set()
    passed_over: list[tuple[str, ...]] = []
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
                passed_over.append((here / name).relative_to(root).parts)
                continue
            path = here / name
            problem = _check_file(path, real_root, follow_links)
            if problem:
                refused.append(_refusal(path, problem))
                continue
            rel = path.relative_to(root)
            beneath = None
            if not follow_links and root_id is not None:
                # A link inside the folder is opened as the file it names, by its real path.
                real_rel = os.path.relpath(os.path.realpath(path), real_root)
                beneath = Beneath(real_root, root_id, tuple(Path(real_rel).parts))
            found.append((rel.parts, file_record(str(path), output_key(rel.as_posix()), beneath)))
    # Sorted by path relative to the root, whatever order the file system lists.
    found.sort(key=lambda pair: pair[0])
    if skipped is not None:
        skipped.extend(display_path(str(root.joinpath(*parts))) for parts in sorted(passed_over))
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
        return CleanError("not_regular", f"{_kind(mode)}, not a regular file; not opened")
    return None


def refuse_unless_regular(path: str | os.PathLike) -> Refusal | None:
    """The refusal of a container file that is missing or not a regular file (a FIFO is
    never opened), or None: `_check_file` of a file named on the command line."""
    problem = _check_file(Path(path), None, True)
    return None if problem is None else Refusal(os.fspath(path), problem.reason, problem.detail)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC


def open_beneath(beneath: Beneath) -> int:
    """A descriptor of the file `beneath` names, opened from its input folder's descriptor
    one name at a time without following any link: a folder or the file swapped for a
    symbolic link after discovery, or the input folder itself replaced, is refused
    ('outside_input') instead of read from wherever it now points."""
    fd = os.open(beneath.root, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != beneath.root_id:
            raise CleanError("outside_input", f"the input folder {display_path(beneath.root)} was replaced "
                                              "after it was walked; not read")
        *folders, name = beneath.parts
        for part in folders:
            step = _open_step(part, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC, fd)
            os.close(fd)
            fd = step
        return _open_step(name, _FILE_FLAGS | _NOFOLLOW, fd)
    finally:
        os.close(fd)


def _open_step(name: str, flags: int, dir_fd: int) -> int:
    try:
        return os.open(name, flags, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            try:
                if stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
                    raise CleanError("outside_input", f"{display_path(name)} became a symbolic link after "
                                                      "the input folder was walked; not followed") from None
            except OSError:
                pass
        raise


def read_file(path: str, max_bytes: int, beneath: Beneath | None = None) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them.

    Opened non-blocking and checked again after opening: a file swapped for a FIFO after
    discovery must not hang the run. With `beneath`, opened from its input folder without
    following links (see `open_beneath`)."""
    fd = open_beneath(beneath) if beneath is not None else os.open(path, _FILE_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CleanError("not_regular", f"{_kind(info.st_mode)}, not a regular file")
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


STDIN = "-"


class StandardInput:
    """One document read from standard input (the input `-`): record id `<stdin>`, output
    key `stdin`. Read here, at most `max_bytes` of it, since a pipe can be read only once."""

    total = 1

    def __init__(self, max_bytes: int, stream=None):
        self.max_bytes = max_bytes
        self.stream = stream

    def records(self) -> Iterator[Record | Refusal]:
        import sys

        stream = self.stream if self.stream is not None else sys.stdin.buffer
        try:
            data = stream.read(self.max_bytes + 1)
        except OSError as exc:
            yield Refusal("<stdin>", "unreadable", exc.strerror or str(exc))
            return
        if len(data) > self.max_bytes:
            yield Refusal("<stdin>", "too_large", f"over the limit of {self.max_bytes} bytes")
            return
        yield Record(record_id="<stdin>", output_key="stdin", content=data)
