import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { Dialog } from "@web/core/dialog/dialog";
import { InkPad, pictureToPng, typedSignature } from "./ink_pad";

// Handwriting fonts under the SIL Open Font Licence, as Odoo ships them
// (declared with @font-face in signing.scss).
export const HAND_FONTS = ["Esign La Belle Aurore", "Esign Marck Script", "Esign Oooh Baby"];
const PICTURE_TYPES = ["image/png", "image/jpeg", "image/webp"];
const MAX_PICTURE_BYTES = 5 * 1024 * 1024;

/**
 * Adopt a signature or initials: draw it (the default), type it in a
 * handwriting font, or load a picture. Whatever the mode, a PNG is sent.
 * Nothing takes the focus on open, so a phone keyboard never covers the pad.
 */
export class EsignSignatureDialog extends Component {
    static template = "esign_base.SignatureDialog";
    static components = { Dialog };
    static props = {
        kind: { type: String, validate: (k) => ["signature", "initials"].includes(k) },
        defaultName: { type: String, optional: true },
        ratio: { type: Number, optional: true },
        onConfirm: Function,
        close: Function,
    };

    setup() {
        this.padRef = useRef("pad");
        this.fonts = HAND_FONTS;
        this.state = useState({
            mode: "draw",
            name: this.initialText(),
            font: HAND_FONTS[0],
            inked: false,
            picture: "",
            error: "",
        });
        onMounted(() => {
            this.pad = new InkPad(this.padRef.el, { onChange: () => this.onInk() });
            this.resizeObserver = new ResizeObserver(() => this.pad.resize());
            this.resizeObserver.observe(this.padRef.el);
        });
        onWillUnmount(() => {
            this.resizeObserver?.disconnect();
            this.pad?.destroy();
        });
    }

    initialText() {
        const name = (this.props.defaultName || "").trim();
        if (this.props.kind !== "initials") {
            return name;
        }
        return name
            .split(/\s+/)
            .filter(Boolean)
            .map((word) => word[0].toUpperCase())
            .join("");
    }

    get title() {
        return this.props.kind === "initials" ? _t("Your initials") : _t("Your signature");
    }

    get modes() {
        return [
            { id: "draw", label: _t("Draw") },
            { id: "type", label: _t("Type") },
            { id: "load", label: _t("Upload") },
        ];
    }

    get ready() {
        const mode = this.state.mode;
        return (
            (mode === "draw" && this.state.inked) ||
            (mode === "type" && this.state.name.trim() !== "") ||
            (mode === "load" && Boolean(this.state.picture))
        );
    }

    setMode(mode) {
        this.state.mode = mode;
        this.state.error = "";
        if (mode === "draw") {
            // The pad was hidden: measure it again once shown.
            requestAnimationFrame(() => this.pad?.resize());
        }
    }

    setFont(font) {
        this.state.font = font;
    }

    onInk() {
        this.state.inked = !this.pad.isEmpty;
    }

    undo() {
        this.pad.undo();
    }

    clear() {
        this.pad.clear();
    }

    async onPicture(ev) {
        const file = ev.target.files[0];
        this.state.picture = "";
        this.state.error = "";
        if (!file) {
            return;
        }
        if (!PICTURE_TYPES.includes(file.type) || file.size > MAX_PICTURE_BYTES) {
            this.state.error = _t("Choose a PNG, JPEG or WebP picture of 5 MB at most.");
            return;
        }
        try {
            this.state.picture = await pictureToPng(file);
        } catch {
            this.state.error = _t("This picture could not be read. Try another file.");
        }
    }

    async image() {
        if (this.state.mode === "draw") {
            return this.pad.toDataURL();
        }
        if (this.state.mode === "type") {
            await document.fonts.load(`72px "${this.state.font}"`).catch(() => null);
            return typedSignature(this.state.name.trim(), this.state.font);
        }
        return this.state.picture;
    }

    async confirm() {
        if (!this.ready) {
            return;
        }
        // The receipt says how the signature was adopted.
        const adoption = { draw: "drawn", type: "typed", load: "uploaded" }[this.state.mode];
        this.props.onConfirm(await this.image(), adoption);
        this.props.close();
    }
}
