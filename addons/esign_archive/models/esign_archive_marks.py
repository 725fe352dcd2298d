"""Context marks set by the archive's own code, which RPC cannot forge.

Anything in a context can be sent over XML-RPC or JSON-RPC, but only as
data. These marks are Python objects that exist only in this process, so
``create`` and ``unlink`` can tell the archive's own filing, indexing and
deletion apart from any other call, superuser included.
"""

FILING = object()
INDEXING = object()
DELETING = object()
LOGGING = object()
_KEYS = {FILING: "esign_archive_filing", INDEXING: "esign_archive_indexing",
         DELETING: "esign_archive_deleting", LOGGING: "esign_archive_logging"}


def marked(records, mark):
    """``records`` carrying ``mark`` in their context."""
    return records.with_context(**{_KEYS[mark]: mark})


def is_marked(records, mark):
    return records.env.context.get(_KEYS[mark]) is mark
