"""A hash chain over audit entries: any change, removal or reordering shows."""

import dataclasses
import hashlib
import json

GENESIS = "0" * 64


@dataclasses.dataclass(frozen=True)
class ChainReport:
    ok: bool
    broken_at: int | None
    count: int


def canonical(payload):
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode()


def entry_hash(previous_hash, payload):
    return hashlib.sha256(canonical({"prev": previous_hash, **payload})).hexdigest()


def verify_chain(entries):
    """``entries``: ``(previous_hash, payload, stored_hash)`` in chain order."""
    expected_previous = GENESIS
    count = 0
    for index, (previous_hash, payload, stored_hash) in enumerate(entries):
        count += 1
        if previous_hash != expected_previous or entry_hash(previous_hash, payload) != stored_hash:
            return ChainReport(ok=False, broken_at=index, count=count)
        expected_previous = stored_hash
    return ChainReport(ok=True, broken_at=None, count=count)
