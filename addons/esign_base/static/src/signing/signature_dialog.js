import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { Dialog } from "@web/core/dialog/dialog";
import { NameAndSignature } from "@web/core/signature/name_and_signature";

/**
 * Adopt a signature or initials: type a name (drawn in a handwriting font),
 * draw it with a finger or mouse, or load a picture. Odoo's NameAndSignature
 * does the drawing; whatever the mode, it hands back a PNG from its canvas,
 * so an uploaded SVG never reaches the server.
 */
export class EsignSignatureDialog extends Component {
    static template = "esign_base.SignatureDialog";
    static components = { Dialog, NameAndSignature };
    static props = {
        kind: { type: String, validate: (k) => ["signature", "initials"].includes(k) },
        defaultName: { type: String, optional: true },
        ratio: { type: Number, optional: true },
        onConfirm: Function,
        close: Function,
    };

    setup() {
        this.signature = useState({ name: this.props.defaultName || "", isSignatureEmpty: true });
    }

    get title() {
        return this.props.kind === "initials" ? _t("Your initials") : _t("Your signature");
    }

    get nameAndSignatureProps() {
        return {
            signature: this.signature,
            signatureType: this.props.kind === "initials" ? "initial" : "signature",
            displaySignatureRatio: this.props.ratio || 3,
            // A colour name: Odoo puts it unescaped in an SVG data URL, where "#" would cut it.
            fontColor: "DarkBlue",
        };
    }

    confirm() {
        if (this.signature.isSignatureEmpty) {
            return;
        }
        this.props.onConfirm(this.signature.getSignatureImage());
        this.props.close();
    }
}
