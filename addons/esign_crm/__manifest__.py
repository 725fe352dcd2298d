{
    "name": "E-Sign for CRM",
    "summary": "Send documents for signature from deals and contacts, filled with their data, "
    "and follow the signatures on the deal",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "ESign Suite Authors",
    "website": "https://github.com/esign-suite/esign",
    "license": "LGPL-3",
    "depends": ["esign_base", "crm", "sms", "phone_validation"],
    "data": [
        "security/esign_crm_security.xml",
        "security/ir.model.access.csv",
        "views/esign_template_views.xml",
        "views/esign_request_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/esign_crm_send_views.xml",
    ],
    "demo": ["demo/esign_crm_demo.xml"],
    "installable": True,
    "application": False,
}
