"""A complete test PKI served from 127.0.0.1, made with certomancer.

Root CA, intermediate CA, a sealing certificate issued by the intermediate,
a timestamp authority, an OCSP responder for the intermediate and CRLs for
both CAs; all served over HTTP by certomancer's WSGI app in a thread, so
long-term validation is exercised for real and without the internet.
The served clock can be moved (``pki.at(moment)``) to revoke after sealing.
"""

import datetime
import textwrap
import threading

from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import CertomancerConfig
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import load_der_x509_certificate
from werkzeug.serving import WSGIRequestHandler, make_server

ARCH = "esign-test"
PASSWORD = "test-password"
KEYS = ("root", "interm", "signer", "tsa", "ocsp")


def _config(prefix, revoked_since):
    validity = ('validity: {valid-from: "2020-01-01T00:00:00+0000", '
                'valid-to: "2060-01-01T00:00:00+0000"}')
    ca_usage = "{schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}"
    return textwrap.dedent(f"""
    external-url-prefix: "{prefix}"
    keysets:
      {ARCH}:
        keys:
    {"".join(f"      {name}: {{path: {name}.key.pem}}" + chr(10) + "    " for name in KEYS)}
    pki-architectures:
      {ARCH}:
        keyset: {ARCH}
        entity-defaults: {{country-name: BE, organization-name: ESign Test PKI}}
        entities:
          root: {{common-name: Test Root CA}}
          interm: {{common-name: Test Intermediate CA}}
          signer: {{common-name: ACME Sealing, organization-name: ACME}}
          tsa: {{common-name: Test Timestamp Authority}}
          ocsp: {{common-name: Test OCSP Responder}}
        certs:
          root:
            subject: root
            issuer: root
            {validity}
            extensions:
              - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
              - id: key_usage
                critical: true
                smart-value: {ca_usage}
          interm:
            issuer: root
            {validity}
            extensions:
              - id: basic_constraints
                critical: true
                value: {{ca: true, path-len-constraint: 0}}
              - id: key_usage
                critical: true
                smart-value: {ca_usage}
              - id: crl_distribution_points
                smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root]}}}}
          ocsp:
            issuer: interm
            {validity}
            extensions:
              - id: key_usage
                critical: true
                smart-value: {{schema: key-usage, params: [digital_signature]}}
              - {{id: extended_key_usage, critical: true, value: [ocsp_signing]}}
              - {{id: ocsp_no_check}}
          tsa:
            issuer: root
            {validity}
            extensions:
              - id: key_usage
                critical: true
                smart-value: {{schema: key-usage, params: [digital_signature]}}
              - {{id: extended_key_usage, critical: true, value: [time_stamping]}}
              - id: crl_distribution_points
                smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root]}}}}
          signer:
            issuer: interm
            {validity}
            revocation: {{revoked-since: "{revoked_since}", reason: key_compromise}}
            extensions:
              - id: key_usage
                critical: true
                smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
              - id: authority_information_access
                smart-value: {{schema: aia-urls, params: {{ocsp-responder-names: [interm]}}}}
              - id: crl_distribution_points
                smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [interm]}}}}
        services:
          ocsp:
            interm: {{for-issuer: interm, responder-cert: ocsp, signing-key: ocsp}}
          crl-repo:
            root: {{for-issuer: root, signing-key: root, simulated-update-schedule: "P90D"}}
            interm: {{for-issuer: interm, signing-key: interm, simulated-update-schedule: "P30D"}}
          time-stamping:
            tsa: {{signing-key: tsa, signing-cert: tsa}}
    """)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class _LateApp:
    """The server needs an app before the PKI knows its own address."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class LocalPki:
    def __init__(self, key_dir, revoked_since):
        self.key_dir = key_dir
        for name in KEYS:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            (key_dir / f"{name}.key.pem").write_bytes(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
        self._late = _LateApp()
        self.server = make_server("127.0.0.1", 0, self._late, threaded=True,
                                  request_handler=_QuietHandler)
        self.prefix = f"http://127.0.0.1:{self.server.server_port}"
        config = CertomancerConfig.from_yaml(
            _config(self.prefix, revoked_since.isoformat()), key_search_dir=str(key_dir))
        self.arch = config.get_pki_arch(ARCH)
        self.animator = Animator(AnimatorArchStore({ARCH: self.arch}), with_web_ui=False)
        self._late.app = self.animator
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def tsa_url(self):
        return f"{self.prefix}/{ARCH}/tsa/tsa"

    def at(self, moment):
        """Serve OCSP, CRLs and timestamps as of ``moment`` (None: now)."""
        self.animator.fixed_time = moment

    def cert_der(self, label):
        return self.arch.get_cert(label).dump()

    def signer_pkcs12(self):
        """The sealing certificate with its key and chain, as a company uploads it."""
        key = serialization.load_pem_private_key(
            (self.key_dir / "signer.key.pem").read_bytes(), None)
        chain = [load_der_x509_certificate(self.cert_der(label)) for label in ("interm", "root")]
        return pkcs12.serialize_key_and_certificates(
            b"acme", key, load_der_x509_certificate(self.cert_der("signer")), chain,
            serialization.BestAvailableEncryption(PASSWORD.encode()))

    def close(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


def start(tmp_dir, revoked_in=datetime.timedelta(hours=1)):
    """A served PKI whose sealing certificate is revoked ``revoked_in`` from now."""
    revoked_since = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + revoked_in
    return LocalPki(tmp_dir, revoked_since)
