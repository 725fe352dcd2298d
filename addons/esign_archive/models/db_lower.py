"""Names compared the way the database compares them.

The unique indexes on directory and entry names use PostgreSQL's
``lower(name)``. Python's ``lower`` and ``casefold`` disagree with it on some
letters: ``İ`` (``i`` in PostgreSQL, ``i̇`` in Python), the Greek final
``ς`` (kept by Python, ``σ`` in PostgreSQL), and every non-ASCII letter when
the database's LC_CTYPE is ``C``. Keying names by Python's idea of case would
let two names pass that the index then refuses, or merge two that it keeps
apart, so filing keys them by what PostgreSQL makes of them.
"""


def db_lower(cr, texts):
    """``{text: lower(text)}`` as PostgreSQL computes it, in one query."""
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    cr.execute("SELECT wanted.text, lower(wanted.text) "
               "FROM unnest(%s::text[]) AS wanted(text)", [texts])
    return dict(cr.fetchall())
