"""One-time codes: pure decisions over a state the caller stores.

Codes are six digits, stored only as an HMAC, valid ten minutes, single-use,
and voided after five wrong tries; sending is throttled. The state lives in
the database row of the signer, never in a worker's memory. The HMAC is keyed
with a server-side secret the caller passes (not stored beside the hash), so
a leaked row does not let anyone try the million codes offline.
"""

import dataclasses
import hashlib
import hmac
import secrets
from datetime import timedelta

from .errors import OtpError, _lt


@dataclasses.dataclass(frozen=True)
class OtpPolicy:
    ttl_seconds: int = 600
    max_attempts: int = 5
    resend_interval_seconds: int = 60
    max_sends: int = 5
    digits: int = 6


DEFAULT_POLICY = OtpPolicy()


@dataclasses.dataclass(frozen=True)
class OtpState:
    code_hash: str | None = None
    salt: str | None = None
    issued_at: object = None
    attempts: int = 0
    sends: int = 0
    last_sent_at: object = None
    verified: bool = False


def new_code(digits=6):
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"


def hash_code(code, salt, secret):
    """HMAC-SHA256 of ``salt:code`` under the server's ``secret`` (bytes)."""
    if not secret:
        raise ValueError("a server-side secret is required to hash codes")
    return hmac.new(secret, f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def issue(state, now, policy=None, secret=None):
    """A fresh code and the state that remembers it, or :class:`OtpError`."""
    policy = policy or DEFAULT_POLICY
    if state.sends >= policy.max_sends:
        raise OtpError("otp_too_many_sends", _lt(
            "Too many codes were sent for this document. Ask the sender for a new link."))
    if state.last_sent_at is not None:
        wait = policy.resend_interval_seconds - (now - state.last_sent_at).total_seconds()
        if wait > 0:
            raise OtpError("otp_resend_too_soon", _lt(
                "Please wait %(seconds)s seconds before asking for another code."),
                seconds=int(wait) + 1)
    code = new_code(policy.digits)
    salt = secrets.token_hex(16)
    return code, dataclasses.replace(
        state, code_hash=hash_code(code, salt, secret), salt=salt, issued_at=now, attempts=0,
        sends=state.sends + 1, last_sent_at=now, verified=False)


def check_code(state, code, now, policy=None, secret=None):
    """The state after a correct ``code``; raises :class:`OtpError` carrying
    the state to persist (attempt counted, code voided) otherwise."""
    policy = policy or DEFAULT_POLICY
    if not state.code_hash or not state.salt or state.issued_at is None:
        raise OtpError("otp_no_code", _lt("Ask for a code first."), state=state)
    if now - state.issued_at > timedelta(seconds=policy.ttl_seconds):
        raise OtpError("otp_expired", _lt("This code has expired. Ask for a new one."),
                       state=_voided(state))
    candidate = "".join((code or "").split())
    given = hash_code(candidate, state.salt, secret) if candidate.isdigit() else ""
    if given and hmac.compare_digest(given, state.code_hash):
        return dataclasses.replace(_voided(state), verified=True)
    attempts = state.attempts + 1
    if attempts >= policy.max_attempts:
        raise OtpError("otp_locked", _lt(
            "Too many wrong codes. This code no longer works; ask for a new one."),
            state=dataclasses.replace(_voided(state), attempts=attempts), attempts_left=0)
    left = policy.max_attempts - attempts
    raise OtpError("otp_wrong", _lt("Wrong code. %(attempts_left)s tries left."),
                   state=dataclasses.replace(state, attempts=attempts), attempts_left=left)


def _voided(state):
    return dataclasses.replace(state, code_hash=None, salt=None, issued_at=None)
