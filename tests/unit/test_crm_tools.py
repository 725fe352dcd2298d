"""esign_crm's core without Odoo: allowed sources and signer lists."""

import importlib.util
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "addons" / "esign_crm" / "tools"


def _load():
    if "esign_crm_tools" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "esign_crm_tools", TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["esign_crm_tools"] = module
        spec.loader.exec_module(module)
    return sys.modules["esign_crm_tools"]


tools = _load()
sources = tools.sources
signers = tools.signers


def paths(scope):
    return [source.path for source in sources.allowed_sources(scope)]


def test_issue_paths_are_allowed_for_deals():
    for path in ("partner_id.name", "partner_id.vat", "partner_id.company_registry",
                 "partner_id.street", "partner_id.email", "partner_id.mobile", "name",
                 "expected_revenue", "date_deadline", "user_id.name", "company_id.name",
                 "company_id.vat", "today"):
        assert path in paths("crm.lead")


def test_contact_paths_drop_the_customer_prefix():
    contact = paths("res.partner")
    assert "vat" in contact and "name" in contact and "mobile" in contact
    assert not any(path.startswith("partner_id.") for path in contact)
    assert "expected_revenue" not in contact and "date_deadline" not in contact
    assert "company_id.name" in contact and "today" in contact


def test_any_scope_holds_only_paths_meaningful_from_both():
    shared = paths("any")
    assert "partner_id.vat" in shared and "user_id.name" in shared
    assert "name" not in shared and "expected_revenue" not in shared


@pytest.mark.parametrize("path", ["", "partner_id", "partner_id.user_ids.password",
                                  "create_uid.login", "name)", "__class__", "partner_id.vat "])
def test_anything_else_is_refused(path):
    for scope in sources.SCOPES:
        with pytest.raises(sources.SourceRejected):
            sources.check_source(path, scope)


def test_unknown_scope_is_refused():
    with pytest.raises(sources.SourceRejected):
        sources.allowed_sources("sale.order")


def test_resolve_reads_customer_paths_on_the_contact():
    assert sources.resolve("partner_id.vat", "any", "res.partner") == ("record", "vat", "text")
    assert sources.resolve("partner_id.vat", "any", "crm.lead") == (
        "record", "partner_id.vat", "text")
    assert sources.resolve("company_id.vat", "crm.lead", "crm.lead") == (
        "company", "vat", "text")
    assert sources.resolve("today", "res.partner", "res.partner") == ("today", "", "date")
    assert sources.resolve("expected_revenue", "crm.lead", "crm.lead")[2] == "monetary"


def test_all_paths_lists_each_path_once():
    listed = [path for path, _label in sources.all_paths()]
    assert len(listed) == len(set(listed))
    assert "vat" in listed and "partner_id.vat" in listed


def test_api_signers_become_esign_base_signers():
    result = signers.to_base_signers([
        {"partner_id": 7, "role_id": 1, "sequence": 1},
        {"partner_id": "8", "role_id": 2, "auth": "sms"},
    ])
    assert result == [
        {"partner_id": 7, "role_id": 1, "sequence": 1, "auth_method": "email"},
        {"partner_id": 8, "role_id": 2, "sequence": 2, "auth_method": "sms"},
    ]


@pytest.mark.parametrize("entries, code", [
    ([], "empty"),
    (None, "empty"),
    (["x"], "not_a_dict"),
    ([{"partner_id": 1, "role_id": 1, "auth": "fax"}], "auth"),
    ([{"partner_id": "abc", "role_id": 1}], "not_an_id"),
    ([{"partner_id": 1}], "missing"),
    ([{"partner_id": -3, "role_id": 1}], "missing"),
])
def test_bad_signer_lists_are_refused(entries, code):
    with pytest.raises(signers.SignerSpecError) as info:
        signers.to_base_signers(entries)
    assert info.value.code == code


def test_default_order_company_first_then_customer():
    assert signers.default_signers([10, 20], 5, 6) == [
        {"partner_id": 5, "role_id": 10, "sequence": 1, "auth": "email"},
        {"partner_id": 6, "role_id": 20, "sequence": 2, "auth": "email"},
    ]


def test_default_order_single_role_is_the_customer():
    assert signers.default_signers([20], 5, 6) == [
        {"partner_id": 6, "role_id": 20, "sequence": 1, "auth": "email"}]


def test_default_order_skips_a_missing_party_and_extra_roles():
    assert signers.default_signers([10, 20, 30], 5, False) == [
        {"partner_id": 5, "role_id": 10, "sequence": 1, "auth": "email"}]
    assert signers.default_signers([], 5, 6) == []
