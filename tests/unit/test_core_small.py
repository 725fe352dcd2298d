"""Tokens, fingerprints, codes, chains, masks, images, certificates."""

import base64
from datetime import datetime, timedelta

import pytest
from conftest import png
from esign_tools import (
    audit_chain,
    certificates,
    fingerprint,
    images,
    masking,
    otp,
    tokens,
)
from esign_tools.errors import (
    CertificateError,
    FingerprintError,
    ImageRejected,
    OtpError,
)


def test_tokens_are_long_unique_and_compared_safely():
    first, second = tokens.new_token(), tokens.new_token()
    assert len(first) >= 43 and first != second
    assert tokens.tokens_equal(first, first)
    assert not tokens.tokens_equal(first, second)
    assert not tokens.tokens_equal(first, None)
    assert not tokens.tokens_equal("", "")


def test_fingerprint_is_short_stable_and_forgiving_to_type():
    code = fingerprint.fingerprint_of(b"contract")
    assert code == fingerprint.fingerprint_of(b"contract")
    assert code != fingerprint.fingerprint_of(b"contract.")
    assert len(code) == 14 and code.count("-") == 2
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert fingerprint.normalize_fingerprint(typed) == code


@pytest.mark.parametrize("text", ["", "ABCD", "'; DROP TABLE x; --", "Z" * 5000, None,
                                  "ABCD-EFGH-JKMU"])
def test_malformed_fingerprints_are_refused(text):
    with pytest.raises(FingerprintError):
        fingerprint.normalize_fingerprint(text)


NOW = datetime(2026, 11, 22, 12, 0, 0)
SECRET = b"server-side secret"


def _issued():
    code, state = otp.issue(otp.OtpState(), NOW, secret=SECRET)
    return code, state


def test_code_hash_needs_the_server_secret():
    code, state = _issued()
    # The row alone (hash + salt) does not check a code: another secret fails.
    with pytest.raises(OtpError) as err:
        otp.check_code(state, code, NOW, secret=b"another secret")
    assert err.value.code == "otp_wrong"
    with pytest.raises(ValueError):
        otp.issue(otp.OtpState(), NOW)


def test_code_is_six_digits_single_use_and_hashed():
    code, state = _issued()
    assert len(code) == 6 and code.isdigit()
    assert code not in (state.code_hash or "")
    passed = otp.check_code(state, f" {code} ", NOW + timedelta(minutes=1), secret=SECRET)
    assert passed.verified
    with pytest.raises(OtpError) as err:
        otp.check_code(passed, code, NOW + timedelta(minutes=2), secret=SECRET)
    assert err.value.code == "otp_no_code"


def test_code_expires_after_ten_minutes():
    code, state = _issued()
    with pytest.raises(OtpError) as err:
        otp.check_code(state, code, NOW + timedelta(minutes=10, seconds=1), secret=SECRET)
    assert err.value.code == "otp_expired"


def test_five_wrong_tries_void_the_code():
    code, state = _issued()
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(1, 5):
        with pytest.raises(OtpError) as err:
            otp.check_code(state, wrong, NOW, secret=SECRET)
        state = err.value.state
        assert err.value.params["attempts_left"] == 5 - attempt
    with pytest.raises(OtpError) as err:
        otp.check_code(state, wrong, NOW, secret=SECRET)
    assert err.value.code == "otp_locked"
    with pytest.raises(OtpError):
        otp.check_code(err.value.state, code, NOW, secret=SECRET)


def test_resending_is_throttled_and_capped():
    _code, state = _issued()
    with pytest.raises(OtpError) as err:
        otp.issue(state, NOW + timedelta(seconds=30), secret=SECRET)
    assert err.value.code == "otp_resend_too_soon"
    for minute in range(1, 5):
        _code, state = otp.issue(state, NOW + timedelta(minutes=minute), secret=SECRET)
    with pytest.raises(OtpError) as err:
        otp.issue(state, NOW + timedelta(minutes=30), secret=SECRET)
    assert err.value.code == "otp_too_many_sends"


def _chain(count=4):
    entries, previous = [], audit_chain.GENESIS
    for index in range(count):
        payload = {"event": "signed", "n": index}
        current = audit_chain.entry_hash(previous, payload)
        entries.append((previous, payload, current))
        previous = current
    return entries


def test_audit_chain_detects_change_removal_and_reordering():
    entries = _chain()
    assert audit_chain.verify_chain(entries).ok
    changed = list(entries)
    changed[1] = (changed[1][0], {"event": "declined", "n": 1}, changed[1][2])
    assert audit_chain.verify_chain(changed).broken_at == 1
    removed = entries[:1] + entries[2:]
    assert audit_chain.verify_chain(removed).broken_at == 1
    swapped = [entries[1], entries[0]] + entries[2:]
    assert audit_chain.verify_chain(swapped).broken_at == 0


def test_contacts_are_masked():
    assert masking.mask_email("jane.doe@example.com") == "j••••••e@example.com"
    masked = masking.mask_phone("+32470123456")
    assert masked.startswith("+32 ") and masked.endswith("56") and "0123" not in masked
    assert masking.mask_email("") == "" and masking.mask_phone("") == ""


def _data_url(data, kind="png"):
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def test_signature_images_are_checked_and_cleaned():
    clean = images.decode_signature_image(_data_url(png()))
    assert clean.startswith(b"\x89PNG")
    refused = {
        "svg": "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(),
        "bad base64": "data:image/png;base64,@@@",
        "blank": _data_url(png(blank=True)),
        "absurd shape": _data_url(png(width=3000, height=20)),
        "too many pixels": _data_url(png(width=2500, height=2000)),
        "jpeg claimed, png given": _data_url(png(), "jpeg"),
    }
    for label, url in refused.items():
        with pytest.raises(ImageRejected):
            images.decode_signature_image(url)
        assert label


def test_certificates_read_back_and_refuse_bad_input(company_pkcs12):
    data, password = company_pkcs12
    info = certificates.read_pkcs12(data, password)
    assert info.self_signed and "ACME" in info.subject and len(info.sha256) == 64
    with pytest.raises(CertificateError) as err:
        certificates.read_pkcs12(data, "wrong")
    assert err.value.code == "certificate_password"
    with pytest.raises(CertificateError):
        certificates.read_pkcs12(b"garbage", "x")
