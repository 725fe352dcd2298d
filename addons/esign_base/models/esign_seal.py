import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import seal_image
from ..tools.errors import ImageRejected
from .esign_errors import translated_message


class EsignSeal(models.Model):
    """A company seal (the "chop") and who may apply it.

    The picture itself is kept in ``image_data``, readable by administrators
    only (attachments of a field with groups follow those groups); everyone
    else sees it through ``image``, computed for the users allowed to apply
    the seal and for E-Sign managers, who configure seals. Anyone else reads
    an empty value, over RPC as in a form.

    Applying the seal and asking for approval live on the request
    (``esign_request_stamp.py``); the approval process is
    ``esign.seal.approval``.
    """

    _name = "esign.seal"
    _description = "Company seal"
    _order = "company_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    registry_number = fields.Char(help="Registration number drawn along the bottom of a "
                                  "generated seal.")
    show_star = fields.Boolean("Star in the middle", default=True)
    image_data = fields.Binary("Stored image", attachment=True, groups="base.group_system")
    image = fields.Binary("Image", compute="_compute_image", inverse="_inverse_image",
                          help="PNG with a transparent background.")
    allowed_user_ids = fields.Many2many("res.users", "esign_seal_allowed_user_rel", "seal_id",
                                        "user_id", "Users who may apply it")
    allowed_group_ids = fields.Many2many("res.groups", "esign_seal_allowed_group_rel", "seal_id",
                                         "group_id", "Groups who may apply it")
    step_ids = fields.One2many("esign.seal.step", "seal_id", "Approval steps", copy=True)
    can_apply = fields.Boolean(compute="_compute_can_apply",
                               help="Whether the current user may apply this seal.")

    @api.depends_context("uid")
    @api.depends("allowed_user_ids", "allowed_group_ids")
    def _compute_can_apply(self):
        for seal in self:
            seal.can_apply = seal._may_apply(self.env.user)

    @api.depends_context("uid")
    @api.depends("allowed_user_ids", "allowed_group_ids", "image_data")
    def _compute_image(self):
        manager = self.env.user.has_group("esign_base.group_esign_manager")
        for seal in self:
            visible = manager or seal._may_apply(self.env.user)
            seal.image = seal._image_bytes_b64() if visible else False

    def _inverse_image(self):
        for seal in self:
            data = base64.b64decode(seal.image) if seal.image else b""
            clean = base64.b64encode(self._checked_upload(data)) if data else False
            seal.sudo().image_data = clean

    def _checked_upload(self, data):
        try:
            return seal_image.check_uploaded_seal(data)
        except ImageRejected as err:
            raise UserError(translated_message(self.env, err)) from None

    def _image_bytes_b64(self):
        """The stored picture (base64), for the seal step itself."""
        self.ensure_one()
        return self.sudo().with_context(bin_size=False).image_data or False

    def _may_apply(self, user):
        """Whether ``user`` may stamp with this seal: named, or in a named
        group, and working for the seal's company."""
        self.ensure_one()
        if self.company_id not in user.company_ids:
            return False
        seal = self.sudo()
        return user in seal.allowed_user_ids or bool(user.groups_id & seal.allowed_group_ids)

    def _check_may_apply(self, user):
        self.ensure_one()
        if not self._may_apply(user):
            raise AccessError(_("%(user)s may not apply the seal “%(seal)s”; ask for approval "
                                "instead.", user=user.name, seal=self.name))

    def action_generate_image(self):
        """Draw a classic round seal: the seal's name around the rim, the
        registration number at the bottom, a star in the middle if wished."""
        self.check_access("write")
        for seal in self:
            design = seal_image.SealDesign(
                rim_text=seal.name,
                registry_number=seal.registry_number or "", star=seal.show_star)
            seal.sudo().image_data = base64.b64encode(seal_image.render_round_seal(design))
        return True
