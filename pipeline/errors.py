"""The library's own error type: an input that cannot be cleaned, with a stable reason code.

Everything the library refuses is raised as `CleanError`; anything else escaping it is a bug.
"""
from __future__ import annotations


class CleanError(Exception):
    """An input that cannot be cleaned.

    `reason` is a short stable code (for reports and tests); `detail` says what was seen.

    >>> str(CleanError("empty", "the input holds no text"))
    'empty: the input holds no text'
    """

    REASONS = (
        "empty",            # no non-blank text at all
        "binary",           # bytes that are not text in any encoding (images, PDFs, ...)
        "undecodable",      # text bytes whose encoding could not be determined
        "too_large",        # over the per-document size limit
        "too_many_blocks",  # more lines, HTML elements or attributes on one element than pipeline.limits allows
        "gzip_corrupt",     # a truncated or damaged .gz
        "gzip_too_large",   # a .gz that expands past the limit (gzip bomb)
        "truncated",        # a container's record cut short (a WARC record ending before its length)
        "no_article",       # no article text found (a page of menus, a page with no body)
        "timeout",          # cleaning took longer than the per-document time limit
        "crashed",          # the worker process died while cleaning it (out of memory, a native crash)
        "not_regular",      # a FIFO, device or socket: never opened
        "unreadable",       # the operating system refused to read the file
        "unwritable",       # its output could not be written (permissions, disk full)
        "outside_input",    # a symbolic link leading out of the input folder
        "name_clash",       # two inputs that map to the same output name
        "batch_error",      # the batch it was in failed as a whole (a flow's lost task run)
    )

    # Failures the input's bytes decide: the same bytes with the same code fail the same way,
    # so a run that skips unchanged inputs does not clean them again (see pipeline.batch).
    LASTING = frozenset({"empty", "binary", "undecodable", "too_large", "too_many_blocks", "gzip_corrupt",
                         "gzip_too_large", "truncated", "no_article"})

    def __init__(self, reason: str, detail: str):
        if reason not in self.REASONS:
            raise ValueError(f"unknown CleanError reason {reason!r}")
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
