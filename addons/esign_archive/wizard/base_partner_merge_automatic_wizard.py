"""Archived documents keep their partner: a contact merge must not move them."""

from odoo import api, models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        # The merge rewrites every foreign key to the merged contacts in SQL
        # and then deletes them: refuse before anything is rewritten when an
        # archived document names one of them (its partner, or the contact
        # it was filed from).
        self._check_archived_partners(src_partners)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _check_archived_partners(self, partners):
        if not partners:
            return
        Entry = self.env["esign.archive.entry"].sudo()
        count = Entry.search_count([
            "|", ("partner_id", "in", partners.ids),
            "&", ("origin_model", "=", "res.partner"), ("origin_id", "in", partners.ids)])
        if count:
            raise UserError(self.env._(
                "%(partners)s cannot be merged into another contact: %(count)s archived "
                "documents are filed under them, and archived documents never change. "
                "Keep this contact as the one the others are merged into, or leave it apart.",
                partners=", ".join(partners.sudo().mapped("display_name")), count=count))
