"""A ZIP archive written as a stream of chunks, never whole in memory.

``zipfile`` writes into a sink that only counts and buffers what it is
given; after each member the buffer is handed out and emptied. Members are
read one at a time, so memory holds one document, not the archive. The
archive ends with ``manifest.csv``: one row per document with its path in the
archive, its SHA-256 and its fingerprint.
"""

import csv
import hashlib
import io
import time
import zipfile

from .names import clean_name, unique_name

MANIFEST_NAME = "manifest.csv"
# sha256: recorded when the document was filed; intact: whether the bytes in
# this ZIP still hash to it ("no" means the stored file changed since).
MANIFEST_HEADER = ("entry", "path", "sha256", "fingerprint", "intact")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream that keeps bytes until drained."""

    def __init__(self):
        super().__init__()
        self._chunks = []
        self._position = 0

    def writable(self):
        return True

    def write(self, data):  # pylint: disable=method-required-super
        data = bytes(data)
        self._chunks.append(data)
        self._position += len(data)
        return len(data)

    def tell(self):
        return self._position

    def drain(self):
        data = b"".join(self._chunks)
        self._chunks = []
        return data


def safe_member_path(segments, name):
    """Join cleaned ``segments`` and ``name`` with ``/``: never absolute, never ``..``."""
    return "/".join([*(clean_name(s) for s in segments), clean_name(name)])


def csv_cell(value):
    """A manifest cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def stream_zip(members, date_time=None):
    """Yield the bytes of a ZIP of ``members``, then its manifest.

    ``members`` is an iterable of ``(entry_ref, segments, name, read,
    fingerprint, sha256)``: ``read()`` returns the document's bytes when its
    turn comes; ``sha256`` is the hash recorded at filing, which the
    manifest vouches for (the bytes are checked against it). Two members
    whose paths would collide get a numbered suffix instead.
    """
    stamp = date_time or time.localtime()[:6]
    sink = _Sink()
    rows, taken = [], {}
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=6) as archive:
        for entry_ref, segments, name, read, fingerprint, recorded in members:
            path = _unique_path(segments, name, taken)
            data = read()
            archive.writestr(_info(path, stamp), data)
            found = hashlib.sha256(data).hexdigest()
            rows.append((entry_ref, path, recorded or found, fingerprint,
                         "yes" if found == (recorded or found) else "no"))
            yield sink.drain()
        archive.writestr(_info(MANIFEST_NAME, stamp), _manifest(rows))
    yield sink.drain()


def _unique_path(segments, name, taken):
    """A path not used yet; ``taken`` maps each folder to its names, casefolded."""
    folder = safe_member_path(segments, "x")[:-1]
    used = taken.setdefault(folder, {MANIFEST_NAME.casefold()} if not folder else set())
    leaf = clean_name(name)
    if leaf.casefold() in used:
        leaf = unique_name(leaf, used)
    used.add(leaf.casefold())
    return folder + leaf


def _info(path, stamp):
    info = zipfile.ZipInfo(path, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _manifest(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADER)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")
