"""Shared setup: a form with one field of each type, and the people who
may or may not read its submissions."""

from odoo.tests import new_test_user

CLIENT = {"ip": "198.51.100.7", "user_agent": "tests"}
COLOURS = "r:Red\ng:Green\nb:Blue"


class FormsMixin:
    @classmethod
    def setup_forms(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(cls.env, "forms_manager", name="Fiona Forms",
                                    groups="esign_forms.group_esign_forms_manager",
                                    email="fiona@example.com")
        cls.outsider = new_test_user(cls.env, "forms_outsider", name="Otto Outsider",
                                     groups="base.group_user", email="otto@example.com")
        cls.portal = new_test_user(cls.env, "forms_portal", name="Paula Portal",
                                   groups="base.group_portal", email="paula@example.com")
        cls.form = cls.env["esign.form"].create({
            "name": "Volunteer registration",
            "is_published": True,
            "field_ids": [
                cls.field("full_name", "Full name", "text", required=True, min_length=2,
                          max_length=60),
                cls.field("email", "Email", "email", required=True),
                cls.field("phone", "Phone", "phone"),
                cls.field("age", "Age", "number", integer_only=True, min_value=16,
                          max_value=99),
                cls.field("born", "Birth date", "date"),
                cls.field("motto", "Motto", "textarea", max_length=200),
                cls.field("zip", "Postcode", "text", pattern="[0-9]{4}",
                          pattern_message="Four digits, please."),
                cls.field("colour", "Favourite colour", "select", choices=COLOURS),
                cls.field("days", "Days", "multiselect", choices="mon:Monday\ntue:Tuesday"),
                cls.field("consent", "I agree", "checkbox", required=True),
            ],
        })

    @classmethod
    def field(cls, name, label, field_type, **rules):
        return (0, 0, dict(name=name, label=label, field_type=field_type, **rules))

    @staticmethod
    def answers(**overrides):
        values = {"full_name": "Ann Lee", "email": "ann@example.com", "phone": "+32 470 11 22 33",
                  "age": "34", "born": "1991-05-04", "motto": "Help\nothers",
                  "zip": "1000", "colour": "g", "days": ["mon", "tue"], "consent": "on"}
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    def submit(self, form=None, client=None, nonce=None, **overrides):
        form = form or self.form
        submission, _created = form.sudo()._submit_public(self.answers(**overrides),
                                                          client or CLIENT, nonce=nonce)
        return submission
