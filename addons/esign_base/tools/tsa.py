"""The one place that talks to a timestamp authority (RFC 3161)."""

from pyhanko.sign.timestamps import HTTPTimeStamper


def make_timestamper(url, timeout=10):
    return HTTPTimeStamper(url, timeout=timeout)
