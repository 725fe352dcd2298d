import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";

/** Tick any of a multiple-choice field's choices, with finger-sized rows. */
export class EsignChoiceDialog extends Component {
    static template = "esign_base.ChoiceDialog";
    static components = { Dialog };
    static props = {
        title: String,
        choices: Array,
        value: { type: Array, optional: true },
        onConfirm: Function,
        close: Function,
    };

    setup() {
        this.state = useState({ keys: [...(this.props.value || [])] });
    }

    isChecked(key) {
        return this.state.keys.includes(key);
    }

    toggle(key) {
        this.state.keys = this.isChecked(key)
            ? this.state.keys.filter((k) => k !== key)
            : [...this.state.keys, key];
    }

    confirm() {
        const order = this.props.choices.map((choice) => choice.key);
        this.props.onConfirm(order.filter((key) => this.state.keys.includes(key)));
        this.props.close();
    }
}
