import secrets

from odoo import models

DEMO_ANSWERS = [
    {"full_name": "Chloé Customer", "email": "chloe.customer@example.com",
     "phone": "+32 470 12 34 56", "attendees": "2", "session": "archive",
     "diet": ["vegetarian"], "consent": "on"},
    {"full_name": "Nora North", "email": "nora.north@example.com", "attendees": "1",
     "session": "signing", "diet": [], "consent": "on"},
]


class EsignForm(models.Model):
    _inherit = "esign.form"

    def _load_demo_submissions(self):
        """Answer the demo form as two visitors would, through the public page's path.

        Each with a random one-time key, as a page gets: a guessable one would
        let anyone post it again and be answered with that submission.
        """
        for number, answers in enumerate(DEMO_ANSWERS, start=1):
            self._submit_public(answers, {"ip": f"192.0.2.{number}", "user_agent": "demo"},
                                nonce=secrets.token_urlsafe(24))
