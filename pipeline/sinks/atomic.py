"""Whole-or-nothing files: every sink writes through here, so a reader (or a later run)
sees an old file or a new one, never half of one.

A file is written as `.pipeline-tmp-<pid>-*.part` beside its target (the rename stays on
one file system) and renamed over the target when complete. The writer's process id in
the name lets a later run tell a stale temporary left by a killed run from one a live run
is still writing (`sweep_stale_temporaries`).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import IO

TMP_PREFIX = ".pipeline-tmp-"
TMP_SUFFIX = ".part"
STALE_AFTER = 3600.0  # a temporary file this old is stale even if its writer's pid is taken


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any worker thread.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_current_umask()


class AtomicFile:
    """A binary file written under a temporary name and renamed to `target` by `commit()`;
    `abort()` (or an exception inside `with`) removes it."""

    def __init__(self, target: str | os.PathLike, fsync: bool = True):
        self.target = Path(target)
        self.fsync = fsync
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=TMP_SUFFIX,
                                        dir=self.target.parent)
        try:
            # mkstemp creates 0600; an output is an ordinary file, readable as the umask allows.
            os.fchmod(fd, FILE_MODE)
            self.handle: IO[bytes] = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            os.unlink(self.tmp)
            raise

    def commit(self) -> None:
        self.handle.flush()
        if self.fsync:  # on disk before the rename: complete even after a power cut
            os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        try:
            self.handle.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            try:
                self.commit()
            except BaseException:
                self.abort()
                raise
        else:
            self.abort()


def write_atomic(path: str | os.PathLike, text: str | bytes, fsync: bool = True) -> None:
    """Write `text` (UTF-8) or bytes to `path` so that a reader sees the old file or the new one."""
    with AtomicFile(path, fsync=fsync) as out:
        out.handle.write(text.encode("utf-8") if isinstance(text, str) else text)


def sweep_stale_temporaries(folder: str | os.PathLike, now: float | None = None,
                            recursive: bool = True) -> list[str]:
    """Delete our temporary files that no live writer owns (left by a killed run).

    A temporary file is stale when the process id in its name no longer exists on this
    machine, or when it is older than an hour (pid reused, or written from another host).
    Files of a run still in progress are left alone, so two runs may share an output
    folder. Returns the paths removed.
    """
    now = time.time() if now is None else now
    removed = []
    if recursive:
        listing = ((dirpath, filenames) for dirpath, _dirnames, filenames in os.walk(folder))
    else:
        try:
            listing = [(os.fspath(folder), [e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)])]
        except OSError:
            listing = []
    for dirpath, filenames in listing:
        for name in filenames:
            if not (name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX)):
                continue
            path = os.path.join(dirpath, name)
            pid_text = name[len(TMP_PREFIX):].split("-", 1)[0]
            try:
                old = now - os.lstat(path).st_mtime > STALE_AFTER
                if old or not (pid_text.isdigit() and _pid_alive(int(pid_text))):
                    os.unlink(path)
                    removed.append(path)
            except OSError:
                continue  # gone already (another run swept it) or not ours to remove
    return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    try:
        # A killed writer whose parent died too can linger as a zombie nobody reaps
        # (containers whose pid 1 does not reap): it exists, but it writes nothing.
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True
