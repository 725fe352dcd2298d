import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

export const IMAGE_TYPES = ["signature", "initials", "stamp"];
const TEXT_INPUTS = {
    name: { type: "text", autocomplete: "name", maxlength: 255 },
    email: { type: "email", autocomplete: "email", maxlength: 255 },
    phone: { type: "tel", autocomplete: "tel", maxlength: 64 },
    text: { type: "text", autocomplete: "off", maxlength: 500 },
};

/** Percent box of a field over its page, from fractions of the page. */
export function boxStyle(field) {
    const pct = (fraction) => `${(Number(fraction) * 100).toFixed(3)}%`;
    return (
        `left: ${pct(field.pos_x)}; top: ${pct(field.pos_y)}; ` +
        `width: ${pct(field.width)}; height: ${pct(field.height)};`
    );
}

/** Whether a value counts as filled for a field of this type. */
export function isFilled(field, value) {
    if (field.type === "checkbox") {
        return value === true;
    }
    return typeof value === "string" && value.trim() !== "";
}

/** One of the signer's own fields, laid over the page. */
export class SigningField extends Component {
    static template = "esign_base.SigningField";
    static props = {
        field: Object,
        value: { optional: true },
        disabled: { type: Boolean, optional: true },
        onChange: Function,
        onOpenImage: Function,
    };

    get field() {
        return this.props.field;
    }

    get kind() {
        if (IMAGE_TYPES.includes(this.field.type)) {
            return "image";
        }
        if (this.field.type === "checkbox") {
            return "checkbox";
        }
        if (this.field.type === "date" || this.field.readonly) {
            return "readonly";
        }
        return "input";
    }

    get input() {
        return TEXT_INPUTS[this.field.type] || TEXT_INPUTS.text;
    }

    get filled() {
        return isFilled(this.field, this.props.value);
    }

    get className() {
        const classes = [`o_esign_field o_esign_field_${this.field.type}`];
        if (this.filled) {
            classes.push("o_esign_field_filled");
        } else if (this.field.required && this.kind !== "readonly") {
            classes.push("o_esign_field_missing");
        }
        return classes.join(" ");
    }

    get style() {
        return boxStyle(this.field);
    }

    get placeholder() {
        const defaults = {
            signature: _t("Sign here"),
            initials: _t("Initials"),
            stamp: _t("Add stamp"),
            date: _t("Date of signing"),
            checkbox: "",
        };
        return this.field.label || defaults[this.field.type] || "";
    }

    get ariaLabel() {
        const label = this.field.label || this.placeholder;
        return this.field.required ? _t("%s (required)", label) : label;
    }

    onInput(ev) {
        this.props.onChange(ev.target.value);
    }

    onToggle() {
        if (!this.props.disabled) {
            this.props.onChange(!this.filled);
        }
    }

    onOpen() {
        if (!this.props.disabled) {
            this.props.onOpenImage(this.field);
        }
    }
}
