import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { Dialog } from "@web/core/dialog/dialog";
import { pictureToPng } from "./ink_pad";

const ACCEPTED_TYPES = ["image/png", "image/jpeg", "image/webp"];
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_SIDE_PX = 1200;

/** Upload a company stamp picture (PNG, JPEG or WebP). */
export class EsignStampDialog extends Component {
    static template = "esign_base.StampDialog";
    static components = { Dialog };
    static props = {
        onConfirm: Function,
        close: Function,
    };

    setup() {
        this.state = useState({ image: "", error: "", busy: false });
    }

    async onFileChange(ev) {
        const file = ev.target.files[0];
        this.state.error = "";
        this.state.image = "";
        if (!file) {
            return;
        }
        if (!ACCEPTED_TYPES.includes(file.type)) {
            this.state.error = _t("Please choose a PNG, JPEG or WebP picture.");
            return;
        }
        if (file.size > MAX_FILE_BYTES) {
            this.state.error = _t("This picture is too large (5 MB at most).");
            return;
        }
        this.state.busy = true;
        try {
            this.state.image = await pictureToPng(file, MAX_SIDE_PX);
        } catch {
            this.state.error = _t("This picture could not be read. Try another file.");
        } finally {
            this.state.busy = false;
        }
    }

    confirm() {
        if (this.state.image) {
            this.props.onConfirm(this.state.image);
            this.props.close();
        }
    }
}
