r"""pipeline: clean scraped news text and HTML pages into normalised JSON documents.

    >>> import pipeline
    >>> doc = pipeline.clean(b"A headline\n\nThe article's first paragraph, long enough to read as prose.")
    >>> doc.title
    'A headline'

`clean()` makes one `Document` from text or bytes; `iter_documents(folder)` reads a clean
folder back; `clean_paths()` is the batch runner behind `pipeline clean`.
"""
__version__ = "0.1.0"

from .core import clean  # noqa: E402
from .document import Caption, Document, Removed, Source  # noqa: E402
from .errors import CleanError  # noqa: E402

__all__ = ["Caption", "CleanError", "Document", "Removed", "Source", "clean", "clean_paths",
           "iter_documents", "__version__"]


def __getattr__(name: str):
    # The batch runner (process pools, file walking) loads only when asked for.
    if name in ("clean_paths", "iter_documents"):
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
