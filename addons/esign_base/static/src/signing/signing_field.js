import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

export const IMAGE_TYPES = ["signature", "initials", "stamp"];
const TEXT_INPUTS = {
    name: { type: "text", autocomplete: "name", maxlength: 255 },
    email: { type: "email", autocomplete: "email", maxlength: 255 },
    phone: { type: "tel", autocomplete: "tel", maxlength: 64 },
    text: { type: "text", autocomplete: "off", maxlength: 500 },
    number: { type: "text", autocomplete: "off", maxlength: 40, inputmode: "decimal" },
};
const TRUE_WORDS = ["1", "true", "on", "yes"];

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
    if (field.type === "multiselect") {
        return Array.isArray(value) && value.length > 0;
    }
    if (field.type === "attachment") {
        return Boolean(value && value.data);
    }
    return typeof value === "string" && value.trim() !== "";
}

/** The server's rule (tools/field_values.condition_met), for the page. */
export function conditionMet(value, expected) {
    const wanted = String(expected || "").trim();
    if (Array.isArray(value)) {
        return value.includes(wanted);
    }
    if (value === true) {
        return TRUE_WORDS.includes(wanted.toLowerCase());
    }
    if (value === false || value === null || value === undefined || value === "") {
        return ["", "0", "false", "no", "off"].includes(wanted.toLowerCase());
    }
    const number = (text) => Number(String(text).replace(",", "."));
    const text = String(value).trim();
    if (text && wanted && !isNaN(number(text)) && !isNaN(number(wanted))) {
        return number(text) === number(wanted);
    }
    return text.toLowerCase() === wanted.toLowerCase();
}

/** One of the signer's own fields, laid over the page. */
export class SigningField extends Component {
    static template = "esign_base.SigningField";
    static props = {
        field: Object,
        value: { optional: true },
        disabled: { type: Boolean, optional: true },
        current: { type: Boolean, optional: true },
        onChange: Function,
        onOpenImage: Function,
        onOpenChoices: { type: Function, optional: true },
        onAttach: { type: Function, optional: true },
    };

    get field() {
        return this.props.field;
    }

    get kind() {
        const type = this.field.type;
        if (IMAGE_TYPES.includes(type)) {
            return "image";
        }
        if (["checkbox", "select", "multiselect", "attachment"].includes(type)) {
            return type;
        }
        if (type === "date" || this.field.readonly) {
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
        if (this.props.current) {
            classes.push("o_esign_field_current");
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
            number: _t("Number"),
            select: _t("Choose"),
            multiselect: _t("Choose"),
            attachment: _t("Attach a file"),
            checkbox: "",
        };
        return this.field.label || defaults[this.field.type] || "";
    }

    get ariaLabel() {
        const label = this.field.label || this.placeholder;
        return this.field.required ? _t("%s (required)", label) : label;
    }

    get chosenLabels() {
        const keys = Array.isArray(this.props.value) ? this.props.value : [];
        return (this.field.choices || [])
            .filter((choice) => keys.includes(choice.key))
            .map((choice) => choice.label)
            .join(", ");
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
        if (this.props.disabled) {
            return;
        }
        if (this.kind === "multiselect") {
            this.props.onOpenChoices(this.field);
        } else if (this.kind === "attachment") {
            this.props.onAttach(this.field);
        } else {
            this.props.onOpenImage(this.field);
        }
    }
}
