"""Document fingerprints: short codes a person can read aloud and type.

A fingerprint is the first 60 bits of a SHA-256, written in Crockford's
base32 as three groups of four characters (``7KQ2-M9XD-41RC``). Typed input
is read forgivingly: case, spaces and dashes do not matter, and the letters
people confuse with digits (I, L, O) are read as those digits.
"""

import hashlib
import re

from .errors import FingerprintError, _lt

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
MAX_INPUT = 64
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def fingerprint_of(data):
    bits = int.from_bytes(hashlib.sha256(data).digest()[:8], "big") >> 4
    chars = []
    for _ in range(LENGTH):
        chars.append(ALPHABET[bits & 31])
        bits >>= 5
    code = "".join(reversed(chars))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalize_fingerprint(text):
    """The canonical form of a typed fingerprint, or :class:`FingerprintError`."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        raise _malformed()
    compact = _SEPARATORS.sub("", text).upper().translate(_CONFUSABLE)
    if len(compact) != LENGTH or any(char not in ALPHABET for char in compact):
        raise _malformed()
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"


def _malformed():
    return FingerprintError(
        "fingerprint_malformed",
        _lt("A fingerprint has twelve letters and digits, like 7KQ2-M9XD-41RC."),
    )
