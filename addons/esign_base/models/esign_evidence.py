"""Who may write evidence: only the product's own flow.

``readonly=True`` protects a form view, not ``write()`` over XML-RPC, and
any context key can be sent over RPC too. So the flow marks its own writes
with a context value that cannot travel over the wire: a Python object
that exists only in this process. Every path through the ORM (``create``,
``write``, one2many commands on a parent, ``copy``, import) ends in
``create``/``write`` of the model, where :func:`check_evidence_write`
refuses protected fields for everyone else, superuser included.
"""

from odoo.exceptions import AccessError

# Identity is what counts: XML-RPC and JSON-RPC can only send data, never
# this very object.
_FLOW_MARK = object()
_CONTEXT_KEY = "esign_evidence_flow"


def as_flow(records):
    """``records`` with the right to write evidence, for the flow's own use."""
    return records.with_context(**{_CONTEXT_KEY: _FLOW_MARK})


def in_flow(records):
    return records.env.context.get(_CONTEXT_KEY) is _FLOW_MARK


def neutralise_evidence_defaults(model, defaults, protected):
    """Defaults of evidence fields come from the field definitions only:
    values stored with ``ir.default`` (which an administrator can set) or
    sent in the context are dropped, also when the flow creates the record
    (it gives every value it means explicitly)."""
    for name in set(defaults) & set(protected):
        field = model._fields[name]
        if field.default:
            defaults[name] = field.convert_to_write(field.default(model), model)
        else:
            del defaults[name]
    return defaults


def check_evidence_write(records, vals, protected):
    """Refuse ``vals`` touching any of ``protected`` unless the flow writes.

    Defaults given through the context (``default_state`` sent over RPC)
    count as written values too.
    """
    defaults = {key[8:] for key in records.env.context if key.startswith("default_")}
    touched = sorted((set(vals) | defaults) & set(protected))
    if touched and not in_flow(records):
        raise AccessError(records.env._(
            "%(fields)s of %(model)s are evidence: only the signing process sets them.",
            fields=", ".join(touched), model=records._description,
        ))
