"""Which record values a template field may be filled with.

A template field names its source as a path from a fixed list, never as
code or a domain. Paths are written as seen from a deal (``partner_id.vat``
is the customer's VAT); sent from a contact, the same customer paths are
read on the contact itself (``vat``). ``company_id.*`` always means the
request's own company, and ``today`` the sending day.

Nothing here touches the ORM: the models read the values and format them.
"""

from dataclasses import dataclass

SCOPES = ("any", "crm.lead", "res.partner")


def _lt(message):
    """Marks a label for Odoo's extractor; the models translate it."""
    return message

CUSTOMER_PREFIX = "partner_id."
TODAY = "today"


@dataclass(frozen=True)
class Source:
    path: str
    label: str
    kind: str = "text"  # text, date or monetary
    scope: str = "any"  # "any": usable from a deal and from a contact


# The labels are English; the models translate them.
SOURCES = (
    Source("partner_id.name", _lt("Customer: name")),
    Source("partner_id.commercial_company_name", _lt("Customer: company name")),
    Source("partner_id.vat", _lt("Customer: VAT number")),
    Source("partner_id.company_registry", _lt("Customer: company registry number")),
    Source("partner_id.street", _lt("Customer: street")),
    Source("partner_id.zip", _lt("Customer: ZIP")),
    Source("partner_id.city", _lt("Customer: city")),
    Source("partner_id.country_id.name", _lt("Customer: country")),
    Source("partner_id.email", _lt("Customer: email")),
    Source("partner_id.phone", _lt("Customer: phone")),
    Source("partner_id.mobile", _lt("Customer: mobile")),
    Source("name", _lt("Deal: name"), scope="crm.lead"),
    Source("expected_revenue", _lt("Deal: expected revenue"), kind="monetary", scope="crm.lead"),
    Source("date_deadline", _lt("Deal: expected closing"), kind="date", scope="crm.lead"),
    Source("user_id.name", _lt("Salesperson: name")),
    Source("company_id.name", _lt("Our company: name")),
    Source("company_id.vat", _lt("Our company: VAT number")),
    Source("company_id.company_registry", _lt("Our company: company registry number")),
    Source("company_id.street", _lt("Our company: street")),
    Source("company_id.zip", _lt("Our company: ZIP")),
    Source("company_id.city", _lt("Our company: city")),
    Source(TODAY, _lt("Today's date"), kind="date"),
)


class SourceRejected(ValueError):
    """A path outside the allowed list (or outside the template's scope)."""

    def __init__(self, path, scope):
        super().__init__(f"{path!r} is not an allowed source for {scope!r}")
        self.path = path
        self.scope = scope


def contact_path(path):
    """The path as written for a contact: the customer is the contact."""
    return path[len(CUSTOMER_PREFIX):] if path.startswith(CUSTOMER_PREFIX) else path


def _contact_sources():
    return tuple(Source(contact_path(s.path), s.label, s.kind, "res.partner")
                 for s in SOURCES if s.scope == "any")


def allowed_sources(scope):
    """The sources a template of ``scope`` may use, in display order.

    ``crm.lead``: every deal path; ``res.partner``: the customer paths
    without ``partner_id.`` plus the shared ones; ``any``: only the paths
    that mean something from both (written as from a deal).
    """
    if scope == "crm.lead":
        return SOURCES
    if scope == "res.partner":
        return _contact_sources()
    if scope == "any":
        return tuple(s for s in SOURCES if s.scope == "any")
    raise SourceRejected("", scope)


def all_paths():
    """Every path any scope accepts, with its label (for a selection list)."""
    seen = {}
    for source in SOURCES + _contact_sources():
        seen.setdefault(source.path, source.label)
    return tuple(seen.items())


def check_source(path, scope):
    """Return the :class:`Source` for ``path`` in ``scope``, or raise."""
    for source in allowed_sources(scope):
        if source.path == path:
            return source
    raise SourceRejected(path, scope)


def resolve(path, scope, model):
    """Where to read ``path`` of a ``scope`` template sent from ``model``.

    Returns ``(target, field_path, kind)`` with ``target`` one of
    ``"record"``, ``"company"`` or ``"today"``; a path read on a contact is
    translated to the contact's own field.
    """
    source = check_source(path, scope)
    record_path = contact_path(path) if model == "res.partner" else path
    if model == "res.partner" and scope != "res.partner":
        # a deal-only path never reaches here: "any" holds none.
        check_source(record_path, "res.partner")
    if path == TODAY:
        return "today", "", source.kind
    if record_path.startswith("company_id."):
        return "company", record_path[len("company_id."):], source.kind
    return "record", record_path, source.kind
