from .common import CrmEsignCase


class TestCrmDecline(CrmEsignCase):
    def test_decline_posts_the_reason_and_schedules_a_todo_for_the_salesperson(self):
        request = self.send_from_lead()
        self.sign(self.signer_of(request, self.salesman.partner_id))
        customer = self.signer_of(request, self.contact)
        customer.sudo()._decline("Price is <b>too high</b>", {"ip": "203.0.113.8"})
        self.assertEqual(request.state, "declined")
        self.assertEqual(self.lead.esign_state, "declined")
        activity = self.lead.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("Price is &lt;b&gt;too high&lt;/b&gt;", activity.note)
        message = self.lead.message_ids.filtered(lambda m: "declined by" in m.body)
        self.assertIn("Carla Contact", message.body)
        self.assertIn("&lt;b&gt;too high", message.body)
        self.assertEqual(self.lead.stage_id, self.lead.stage_id)  # deal not moved
        self.assertFalse(self.lead.stage_id.is_won)
