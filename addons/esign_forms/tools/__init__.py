"""The ORM-free core of esign_forms: validation, choices, Excel, QR codes.

Nothing here imports Odoo's ORM; the models wrap these helpers and the
framework-free tests in ``tests/unit/test_forms_*.py`` exercise them.
"""
