{
    "name": "E-Sign",
    "summary": "Templates, signing requests, public signing page, sealed PAdES PDFs, "
    "public verification and a tamper-evident audit trail",
    "version": "18.0.1.0.0",
    "category": "Productivity/Documents",
    "author": "ESign Suite Authors",
    "website": "https://github.com/esign-suite/esign",
    "license": "LGPL-3",
    "depends": ["mail", "portal", "sms", "phone_validation"],
    "external_dependencies": {
        "python": ["pyhanko", "pyhanko_certvalidator", "cryptography", "qrcode", "phonenumbers"],
    },
    "data": [
        "security/esign_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/esign_role_data.xml",
        "views/esign_role_views.xml",
        "views/esign_template_views.xml",
        "views/esign_request_views.xml",
        "views/esign_signer_views.xml",
        "views/esign_audit_log_views.xml",
        "views/esign_certificate_views.xml",
        "views/res_config_settings_views.xml",
        "views/esign_signing_templates.xml",
        "views/esign_verify_templates.xml",
        "wizard/esign_request_oneoff_views.xml",
        "views/esign_menus.xml",
    ],
    "demo": ["demo/esign_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "esign_base/static/src/signing/**/*",
        ],
        "web.assets_tests": [
            "esign_base/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
