"""The one place that talks to a timestamp authority (RFC 3161).

One timestamper per authority address and process: pyHanko keeps the size
of the authority's tokens in it (asked once, to reserve room in the PDF),
so sizing does not cost a request per seal. The requests-based client opens
nothing that outlives a call (the aiohttp one leaves sessions to close).
"""

import threading

from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

_TIMESTAMPERS = {}
_LOCK = threading.Lock()
_MAX = 8


def make_timestamper(url, timeout=10):
    key = (url, timeout)
    with _LOCK:
        stamper = _TIMESTAMPERS.get(key)
        if stamper is None:
            if len(_TIMESTAMPERS) >= _MAX:
                _TIMESTAMPERS.pop(next(iter(_TIMESTAMPERS)))
            stamper = _TIMESTAMPERS[key] = RequestsHTTPTimeStamper(url, timeout=timeout)
        return stamper
