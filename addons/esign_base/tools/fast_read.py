"""Read page dictionaries fast, and tell content arrays from streams unread.

pyHanko's object parser reads byte by byte in Python: about 0.4 ms for a
page dictionary, so a 1,000-page seal spent half its time reading the pages
it has to update. Page dictionaries are simple: names, numbers, references,
arrays and nested dictionaries. This module reads exactly that subset with
one regular expression and puts the result in pyHanko's object cache, so
pyHanko then returns it as if it had read it itself. Anything outside the
subset (strings, escaped names, comments, streams, objects inside object
streams, encrypted files) is left to pyHanko: the fast path can only make a
read faster, never different (tests/unit compares both on real files).
"""

import re

from pyhanko.pdf_utils import generic

_TOKEN = re.compile(
    rb"\s*(?:"
    rb"(?P<ref>\d+\s+\d+)\s+R(?![^\s()<>\[\]{}/%])"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\s()<>\[\]{}/%])"
    rb"|/(?P<name>[^\x00-\x20\x7f-\xff()<>\[\]{}/%#]*)(?![^\s()<>\[\]{}/%])"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<word>true|false|null)(?![^\s()<>\[\]{}/%])"
    rb")")
_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_ENDOBJ = re.compile(rb"\s*endobj")
_STREAM = re.compile(rb"\s*stream[\r\n]")
_MAX_BYTES = 16384


class _Unsupported(Exception):
    pass


class FastReader:
    """Fast reads from one pyHanko reader (whose input is in memory)."""

    def __init__(self, reader):
        self.reader = reader
        stream = getattr(reader, "stream", None)
        usable = (hasattr(stream, "getbuffer") and hasattr(reader, "xrefs")
                  and getattr(reader, "security_handler", None) is None)
        self.data = bytes(stream.getbuffer()) if usable else None

    def prefetch(self, ref):
        """Put the object behind ``ref`` in pyHanko's cache, read fast when
        it is a simple object; otherwise leave it for pyHanko to read."""
        marker = self._marker(ref)
        if marker is None or self.reader.cache_get_indirect_object(
                ref.generation, ref.idnum) is not None:
            return
        try:
            obj, end = self._parse(ref, marker)
        except _Unsupported:
            return
        if _ENDOBJ.match(self.data, end):
            self.reader.cache_indirect_object(ref.generation, ref.idnum, obj)

    def is_stream(self, ref):
        """Whether the object behind ``ref`` is a stream, told without
        reading it when possible: True, False, or None (unknown)."""
        marker = self._marker(ref, any_kind=True)
        if marker is None:
            return None
        cached = self.reader.cache_get_indirect_object(ref.generation, ref.idnum)
        if cached is not None:
            return isinstance(cached, generic.StreamObject)
        if not isinstance(marker, int):
            return False  # objects in object streams are never streams
        header = _HEADER.match(self.data, marker)
        if not header:
            return None
        token = _TOKEN.match(self.data, header.end())
        if token is not None and token.group("open") == b"[":
            return False
        try:
            _obj, end = self._parse(ref, marker)
        except _Unsupported:
            return None
        return bool(_STREAM.match(self.data, end))

    def _marker(self, ref, any_kind=False):
        """The xref entry of ``ref``: an offset (or, with ``any_kind``, an
        object-stream entry), or None when the fast path does not apply."""
        if self.data is None or not isinstance(ref, generic.IndirectObject) \
                or getattr(ref.reference, "pdf", None) is not self.reader:
            return None
        try:
            marker = self.reader.xrefs[ref.reference]
        except Exception:  # noqa: BLE001 - unknown reference: pyHanko decides
            return None
        return marker if isinstance(marker, int) or (any_kind and marker is not None) else None

    def _parse(self, ref, marker):
        header = _HEADER.match(self.data, marker)
        if not header or (int(header.group(1)), int(header.group(2))) != (
                ref.idnum, ref.generation):
            raise _Unsupported
        container = generic.Reference(ref.idnum, ref.generation, self.reader)
        limit = min(len(self.data), marker + _MAX_BYTES)
        return _read(self.data, header.end(), limit, self.reader, container)


def _read(data, position, limit, reader, container):
    """One object at ``position``; returns (object, end)."""
    stack = []
    while True:
        token = _TOKEN.match(data, position, limit)
        if not token:
            raise _Unsupported
        position = token.end()
        kind = token.lastgroup
        if kind == "open":
            stack.append([token.group("open"), []])
            continue
        if kind == "close":
            if not stack:
                raise _Unsupported
            opener, items = stack.pop()
            value = _close(opener, token.group("close"), items)
        else:
            value = _atom(token, kind, reader)
        value.container_ref = container
        if not stack:
            return value, position
        stack[-1][1].append(value)


def _close(opener, closer, items):
    if opener == b"[" and closer == b"]":
        return generic.ArrayObject(items)
    if opener == b"<<" and closer == b">>" and len(items) % 2 == 0:
        keys = items[0::2]
        if not all(isinstance(key, generic.NameObject) for key in keys):
            raise _Unsupported
        return generic.DictionaryObject(dict(zip(keys, items[1::2])))
    raise _Unsupported


def _atom(token, kind, reader):
    if kind == "ref":
        idnum, generation = token.group("ref").split()
        return generic.IndirectObject(int(idnum), int(generation), reader)
    if kind == "number":
        text = token.group("number")
        if b"." in text:
            return generic.FloatObject(text.decode())
        return generic.NumberObject(int(text))
    if kind == "name":
        return generic.NameObject("/" + token.group("name").decode("latin-1"))
    word = token.group("word")
    if word == b"null":
        return generic.NullObject()
    return generic.BooleanObject(word == b"true")
