{
    "name": "E-Sign for CRM",
    "summary": "Send documents for signature from deals and contacts",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "ESign Suite Authors",
    "website": "https://github.com/esign-suite/esign",
    "license": "LGPL-3",
    "depends": ["esign_base", "crm", "sms"],
    "data": [],
    "installable": True,
    "application": False,
}
