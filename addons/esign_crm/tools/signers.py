"""Signer lists for requests sent from a deal or a contact.

The public API takes ``{"partner_id", "role_id", "sequence", "auth"}`` with
``auth`` one of ``email`` / ``sms``; esign_base takes ``auth_method``.
"""

AUTH_VALUES = ("email", "sms")


class SignerSpecError(ValueError):
    """A signer entry that cannot be used; ``code`` says why."""

    def __init__(self, code, index):
        super().__init__(f"signer {index}: {code}")
        self.code = code
        self.index = index


def to_base_signers(signers):
    """Check the API's signer list and turn it into esign_base's form.

    Without a ``sequence`` a signer takes its position in the list (1-based).
    """
    if not isinstance(signers, (list, tuple)) or not signers:
        raise SignerSpecError("empty", 0)
    result = []
    for index, entry in enumerate(signers, start=1):
        if not isinstance(entry, dict):
            raise SignerSpecError("not_a_dict", index)
        auth = entry.get("auth") or "email"
        if auth not in AUTH_VALUES:
            raise SignerSpecError("auth", index)
        try:
            partner_id = int(entry.get("partner_id") or 0)
            role_id = int(entry.get("role_id") or 0)
            sequence = int(entry.get("sequence") or index)
        except (TypeError, ValueError):
            raise SignerSpecError("not_an_id", index) from None
        if partner_id <= 0 or role_id <= 0:
            raise SignerSpecError("missing", index)
        result.append({"partner_id": partner_id, "role_id": role_id,
                       "sequence": sequence, "auth_method": auth})
    return result


def default_signers(role_ids, company_partner_id, customer_partner_id):
    """The usual order: our company's signer first, then the customer.

    ``role_ids`` are the template's roles sorted by their sequence: the
    first goes to the company's signer, the second to the customer; a
    template with a single role is signed by the customer alone, and roles
    beyond the second get nobody (add their signers by hand). A party that
    is missing is left out.
    """
    roles = list(role_ids)
    if len(roles) == 1:
        pairs = [(roles[0], customer_partner_id)]
    else:
        pairs = list(zip(roles[:2], (company_partner_id, customer_partner_id)))
    result = []
    for role_id, partner_id in pairs:
        if partner_id:
            result.append({"partner_id": partner_id, "role_id": role_id,
                           "sequence": len(result) + 1, "auth": "email"})
    return result
