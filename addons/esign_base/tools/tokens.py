"""Unguessable link tokens, compared in constant time."""

import hmac
import secrets


def new_token():
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def tokens_equal(expected, given):
    if not expected or not given or not isinstance(expected, str) or not isinstance(given, str):
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
