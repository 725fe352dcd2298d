import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";

export const MAX_REASON_LENGTH = 1000;

/** Ask why the signer refuses; the parent sends it and reports errors. */
export class EsignDeclineDialog extends Component {
    static template = "esign_base.DeclineDialog";
    static components = { Dialog };
    static props = {
        onDecline: Function, // async (reason) => error message or ""
        close: Function,
    };

    setup() {
        this.maxLength = MAX_REASON_LENGTH;
        this.state = useState({ reason: "", busy: false, error: "" });
    }

    get canDecline() {
        return !this.state.busy && this.state.reason.trim().length > 0;
    }

    async decline() {
        if (!this.canDecline) {
            return;
        }
        this.state.busy = true;
        this.state.error = await this.props.onDecline(this.state.reason.trim());
        this.state.busy = false;
        if (!this.state.error) {
            this.props.close();
        }
    }
}
