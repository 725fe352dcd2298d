"""A deal and a contact to sign from, and a template filled from them."""

from odoo.addons.esign_base.tests.common import EsignCase
from odoo.tests import new_test_user

SALES_GROUPS = "sales_team.group_sale_salesman,esign_base.group_esign_user"


class CrmEsignCase(EsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, "crm_sales", groups=SALES_GROUPS,
                                     email="sam@example.com", name="Sam Sales")
        cls.other_salesman = new_test_user(cls.env, "crm_sales2", groups=SALES_GROUPS,
                                           email="olga@example.com", name="Olga Other")
        cls.customer_company = cls.env["res.partner"].create({
            "name": "Acme Industries", "is_company": True, "vat": "BE0477472701",
            "company_registry": "0477.472.701", "street": "Rue Haute 1", "city": "Brussels",
            "country_id": cls.env.ref("base.be").id, "email": "info@acme.example.com"})
        cls.contact = cls.env["res.partner"].create({
            "name": "Carla Contact", "parent_id": cls.customer_company.id,
            "email": "carla@acme.example.com", "mobile": "0470 98 76 54",
            "country_id": cls.env.ref("base.be").id, "lang": "en_US"})
        cls.lead = cls.env["crm.lead"].create({
            "name": "Acme: yearly support", "type": "opportunity",
            "partner_id": cls.contact.id, "user_id": cls.salesman.id,
            "expected_revenue": 12500, "date_deadline": "2031-03-15"})
        cls.crm_template = cls.env["esign.template"].create({
            "name": "Support contract",
            "document": cls.template.document,
            "document_name": "contract.pdf",
            "res_model_scope": "crm.lead",
            "field_ids": [
                cls._field("signature", cls.role_company, 1, 0.1, 0.8),
                cls._mapped(cls.role_company, 0.10, "company_id.name", "Supplier"),
                cls._field("signature", cls.role_customer, 2, 0.55, 0.8),
                cls._mapped(cls.role_customer, 0.15, "partner_id.name", "Customer"),
                cls._mapped(cls.role_customer, 0.20, "partner_id.vat", "VAT"),
                cls._mapped(cls.role_customer, 0.25, "name", "Deal"),
                cls._mapped(cls.role_customer, 0.30, "expected_revenue", "Amount"),
                cls._mapped(cls.role_customer, 0.35, "date_deadline", "Closing"),
                cls._mapped(cls.role_customer, 0.40, "partner_id.street", "Street",
                            editable=True),
            ],
        })

    @classmethod
    def _mapped(cls, role, pos_y, source, label, editable=False, required=True):
        return (0, 0, {"field_type": "text", "role_id": role.id, "page": 1, "pos_x": 0.1,
                       "pos_y": pos_y, "width": 0.5, "height": 0.03, "name": label,
                       "source": source, "editable": editable, "required": required})

    def send_from_lead(self, lead=None, signers=None, template=None, user=None):
        lead = (lead or self.lead).with_user(user or self.salesman)
        request_id = lead.action_esign_send((template or self.crm_template).id, signers)
        return self.env["esign.request"].browse(request_id)

    def frozen(self, request):
        """``{label: value}`` of the request's filled-in fields."""
        return {field.name: field.value for field in request.field_ids if field.value}

    def sign_everyone(self, request):
        for signer in request.signer_ids.sorted("sequence"):
            self.sign(signer)
