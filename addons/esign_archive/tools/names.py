"""Safe names and paths for archived documents and directories.

Everything a user, a partner or a template can put into a name goes through
:func:`clean_name` before it becomes a directory or a file name: what comes out
has no path separators, no ``..``, no control or bidi-override characters, no
leading or trailing spaces or dots, and a bounded length.
"""

import functools
import itertools
import re
import string
import unicodedata

from .errors import PathPatternError, PatternSyntaxError

MAX_NAME_LENGTH = 120
UNNAMED = "unnamed"
NUMBER_ROOM = " (99999)"
_CACHED_LENGTH = 1024  # the longest suffix numbered names are looked up with
PLACEHOLDERS = ("year", "month", "partner", "template", "deal", "company")

# Bidi embeddings/overrides (U+202A-U+202E), isolates (U+2066-U+2069) and
# the left-to-right/right-to-left marks (U+200E, U+200F): they make a name
# look like something else ("invoice\u202efdp.exe").
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
_SEPARATORS = {"/", "\\"}
# Characters Windows refuses in a file name: a downloaded ZIP must unpack there too.
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_DOTS = re.compile(r"\.{2,}")
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def _is_unsafe(char):
    return char in _BIDI or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def clean_name(text, max_length=MAX_NAME_LENGTH):
    """Return ``text`` as a name that is safe as one path segment.

    (Filing cleans the same partner names, years and file names again and
    again, character by character: the answers are remembered.)

    Separators and the characters Windows refuses in names (``<>:"|?*``)
    become ``-``, runs of dots become one dot, unsafe characters
    are dropped, whitespace is collapsed and the result is trimmed of spaces
    and dots at both ends, then cut to ``max_length`` characters keeping a
    short extension. Nothing usable left gives ``"unnamed"``.
    """
    text = str(text or "")
    if len(text) > _CACHED_LENGTH:  # a hostile 1 MB name is cleaned, not remembered
        return _clean_name.__wrapped__(text, max_length)
    return _clean_name(text, max_length)


@functools.lru_cache(maxsize=4096)
def _clean_name(text, max_length):
    text = unicodedata.normalize("NFC", text)
    text = "".join("-" if c in _SEPARATORS or c in _WINDOWS_FORBIDDEN
                   else " " if c.isspace() else c
                   for c in text if c.isspace() or not _is_unsafe(c))
    text = _DOTS.sub(".", _SPACES.sub(" ", text)).strip(" .-")
    if not text:
        return UNNAMED
    if text.split(".", 1)[0].upper() in _RESERVED:
        text = f"_{text}"
    return _shorten(text, max_length)


def _shorten(text, max_length):
    if len(text) <= max_length:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and stem and 0 < len(extension) <= 8:
        return stem[: max_length - len(extension) - 1].rstrip(" .") + "." + extension
    return text[:max_length].rstrip(" .")


def split_extension(name):
    """``("report", ".pdf")`` for ``"report.pdf"``; no extension for dot-files."""
    stem, dot, extension = name.rpartition(".")
    if dot and stem and 0 < len(extension) <= 8:
        return stem, "." + extension
    return name, ""


def name_candidates(name, max_length=MAX_NAME_LENGTH):
    """``name`` cleaned, then ``name (2)``, ``name (3)``... endlessly.

    A numbered name cuts its stem to make room for the number, so every
    candidate stays within ``max_length`` and keeps its extension.
    """
    name = clean_name(name, max_length)
    yield name
    stem, extension = split_extension(name)
    for number in itertools.count(2):
        suffix = f" ({number}){extension}"
        yield stem[: max_length - len(suffix)].rstrip(" .") + suffix


def unique_name(name, taken, max_length=MAX_NAME_LENGTH):
    """The first of :func:`name_candidates` not in ``taken``.

    The comparison ignores case, so two names that differ only by case never
    overwrite each other on a case-insensitive file system after a download.
    """
    taken = {t.casefold() for t in taken}
    return next(candidate for candidate in name_candidates(name, max_length)
                if candidate.casefold() not in taken)


def numbered_prefix(name, max_length=MAX_NAME_LENGTH):
    """The beginning shared by every name :func:`name_candidates` makes of
    ``name`` (whose stem is cut to make room for the number), for finding the
    names already taken with one prefix query."""
    stem, extension = split_extension(clean_name(name, max_length))
    return stem[: max_length - len(extension) - len(NUMBER_ROOM)].rstrip(" .")


def render_path(pattern, values):
    """Render a path pattern into a list of clean directory names.

    ``pattern`` is like ``"Contracts/{year}/{partner}"``; each placeholder must
    be one of :data:`PLACEHOLDERS` (an unknown one raises
    :class:`PathPatternError`). Each segment is cleaned after rendering, so a
    value containing ``/`` or ``..`` never creates extra levels.
    """
    formatter = string.Formatter()
    segments = []
    for raw in re.split(r"[/\\]", pattern or ""):
        if not raw.strip(" ."):
            continue
        try:
            parsed = list(formatter.parse(raw))
        except ValueError as err:
            raise PatternSyntaxError(pattern=pattern) from err
        rendered = []
        for literal, field, _spec, _conversion in parsed:
            rendered.append(literal)
            if field is None:
                continue
            if field not in PLACEHOLDERS:
                raise PathPatternError(placeholder=field)
            rendered.append(str(values.get(field) or ""))
        segments.append(clean_name("".join(rendered)))
    return segments


def check_pattern(pattern):
    """Raise when ``pattern`` cannot be rendered; return it otherwise."""
    render_path(pattern, {})
    return pattern
