import { Component, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deviceInfo, getJson, postJson } from "./api";

const CODE_PATTERN = /^[0-9]{6}$/;
const DELIVERY_POLL_MS = 3000;
const DELIVERY_POLL_TRIES = 20;

/**
 * One-time code by SMS before the document is shown: "Send me a code",
 * then six digits. Tries and throttling are the server's; this step only
 * shows what it answers (attempts left, when a new code may be sent).
 */
export class OtpStep extends Component {
    static template = "esign_base.OtpStep";
    static props = {
        accessUrl: String,
        phoneMasked: { type: String, optional: true },
        onVerified: Function,
    };

    setup() {
        this.state = useState({
            sent: false,
            code: "",
            busy: false,
            error: "",
            deliveryError: "",
            attemptsLeft: null,
            resendIn: 0,
        });
        onWillUnmount(() => {
            clearInterval(this.timer);
            clearTimeout(this.deliveryTimer);
        });
    }

    get canVerify() {
        return this.state.sent && !this.state.busy && CODE_PATTERN.test(this.state.code);
    }

    get canSend() {
        return !this.state.busy && this.state.resendIn <= 0;
    }

    get attemptsText() {
        const left = this.state.attemptsLeft;
        if (left === null || this.state.error.includes(String(left))) {
            return ""; // the server's message already says it
        }
        return _t("Attempts left: %s", left);
    }

    get resendText() {
        return _t("You can ask for a new code in %s s.", this.state.resendIn);
    }

    startCountdown(seconds) {
        clearInterval(this.timer);
        this.state.resendIn = Math.max(0, Math.ceil(Number(seconds) || 0));
        if (this.state.resendIn > 0) {
            this.timer = setInterval(() => {
                this.state.resendIn -= 1;
                if (this.state.resendIn <= 0) {
                    clearInterval(this.timer);
                }
            }, 1000);
        }
    }

    async send() {
        if (!this.canSend) {
            return;
        }
        this.state.busy = true;
        this.state.error = "";
        this.state.deliveryError = "";
        try {
            const answer = await postJson(`${this.props.accessUrl}/otp`, { device: deviceInfo() });
            this.state.sent = true;
            this.state.code = "";
            this.state.attemptsLeft = null;
            this.startCountdown(answer.resend_in);
            this.watchDelivery(DELIVERY_POLL_TRIES);
        } catch (error) {
            this.state.error = error.message;
            if (error.details.resend_in) {
                this.startCountdown(error.details.resend_in);
            }
        } finally {
            this.state.busy = false;
        }
    }

    /** The SMS leaves after commit: say so when the gateway fails it. */
    watchDelivery(triesLeft) {
        clearTimeout(this.deliveryTimer);
        this.deliveryTimer = setTimeout(async () => {
            let answer = null;
            try {
                answer = await getJson(`${this.props.accessUrl}/otp/status`);
            } catch {
                answer = null;
            }
            if (answer && answer.delivery === "failed") {
                this.state.deliveryError = answer.message;
            } else if ((!answer || answer.delivery !== "sent") && triesLeft > 1) {
                this.watchDelivery(triesLeft - 1);
            }
        }, DELIVERY_POLL_MS);
    }

    onCodeInput(ev) {
        this.state.code = ev.target.value.replace(/\D/g, "").slice(0, 6);
        ev.target.value = this.state.code;
    }

    async verify(ev) {
        ev?.preventDefault();
        if (!this.canVerify) {
            return;
        }
        this.state.busy = true;
        this.state.error = "";
        try {
            await postJson(`${this.props.accessUrl}/otp/verify`, { code: this.state.code });
            this.props.onVerified();
        } catch (error) {
            this.state.error = error.message;
            this.state.code = "";
            if (error.details.attempts_left !== undefined) {
                this.state.attemptsLeft = error.details.attempts_left;
            }
        } finally {
            this.state.busy = false;
        }
    }
}
