import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { deviceInfo, postJson } from "./api";
import { EsignDeclineDialog } from "./decline_dialog";
import { EsignChoiceDialog } from "./choice_dialog";
import { DocumentViewer } from "./document_viewer";
import { OtpStep } from "./otp_step";
import { EsignSignatureDialog } from "./signature_dialog";
import { boxStyle, conditionMet, IMAGE_TYPES, isFilled, SigningField } from "./signing_field";
import { EsignStampDialog } from "./stamp_dialog";

const DOWNLOAD_POLL_MS = 5000;
const DOWNLOAD_POLL_TRIES = 24;

function isEditable(field) {
    return !field.readonly && field.type !== "date";
}

function initialValue(field) {
    if (field.type === "checkbox") {
        return field.value === true || field.value === "true";
    }
    if (field.type === "multiselect") {
        return Array.isArray(field.value) ? field.value : [];
    }
    if (field.type === "attachment") {
        return null;
    }
    if (IMAGE_TYPES.includes(field.type)) {
        return typeof field.value === "string" && field.value.startsWith("data:image/") ? field.value : "";
    }
    return typeof field.value === "string" ? field.value : "";
}

/**
 * The public signing page (see "The public pages' contract" in DESIGN.md):
 * one-time code if asked, then the document with this signer's fields,
 * then Sign or Decline, then a neutral end state.
 */
export class SigningApp extends Component {
    static template = "esign_base.SigningApp";
    static components = { DocumentViewer, OtpStep, SigningField };
    static props = { config: Object };

    setup() {
        this.config = this.props.config;
        // Page order: top to bottom, then left to right, page after page.
        this.fields = [...(this.config.fields || [])].sort(
            (a, b) => a.page - b.page || a.pos_y - b.pos_y || a.pos_x - b.pos_x
        );
        this.fileRef = useRef("file");
        this.dialog = useService("dialog");
        this.adopted = {}; // field type -> image the signer adopted for it
        this.adoption = ""; // how the signature was made: drawn, typed or uploaded
        this.state = useState({
            status: this.config.state,
            otpVerified: Boolean(this.config.otpVerified),
            values: Object.fromEntries(this.fields.map((f) => [f.id, initialValue(f)])),
            submitting: false,
            error: "",
            requestState: "",
            justSigned: false,
            downloadUrl: this.config.downloadUrl || "",
            started: false,
            cursor: -1,
        });
        onMounted(() => this.reportOpened());
        onWillUnmount(() => clearTimeout(this.pollTimer));
    }

    get phase() {
        if (this.state.status !== "to_sign") {
            return this.state.status;
        }
        return this.config.otpRequired && !this.state.otpVerified ? "otp" : "sign";
    }

    /** Whether a field's condition holds (a hidden field hides its dependants). */
    isShown(field, depth = 0) {
        const condition = field.condition;
        if (!condition) {
            return true;
        }
        const source = this.fields.find((f) => f.id === condition.field);
        if (!source || depth > this.fields.length) {
            return true;
        }
        return (
            this.isShown(source, depth + 1) &&
            conditionMet(this.state.values[source.id], condition.value)
        );
    }

    get shownFields() {
        return this.fields.filter((f) => this.isShown(f));
    }

    /** Every field the signer acts on, in page order: what Next walks. */
    get guideFields() {
        return this.shownFields.filter(isEditable);
    }

    get missingFields() {
        return this.guideFields.filter(
            (f) => f.required && !isFilled(f, this.state.values[f.id])
        );
    }

    get currentField() {
        return this.guideFields[this.state.cursor] || null;
    }

    get progressText() {
        const field = this.currentField;
        if (!field) {
            return "";
        }
        return _t("Field %(x)s of %(y)s, page %(page)s of %(pages)s", {
            x: this.state.cursor + 1,
            y: this.guideFields.length,
            page: field.page,
            pages: (this.config.pages || []).length,
        });
    }

    get missingText() {
        const count = this.missingFields.length;
        return count === 1 ? _t("1 required field left") : _t("%s required fields left", count);
    }

    get canSign() {
        return !this.state.submitting && this.missingFields.length === 0;
    }

    fieldsOnPage(pageNumber) {
        return this.shownFields.filter((f) => f.page === pageNumber);
    }

    othersOnPage(pageNumber) {
        return (this.config.otherFields || []).filter((f) => f.page === pageNumber);
    }

    otherStyle(field) {
        return boxStyle(field);
    }

    reportOpened() {
        postJson(`${this.config.accessUrl}/opened`, { device: deviceInfo() }).catch(() => {});
    }

    onOtpVerified() {
        this.state.otpVerified = true;
    }

    setValue(field, value) {
        this.state.values[field.id] = value;
        this.state.error = "";
    }

    start() {
        this.state.started = true;
        this.state.cursor = -1;
        this.goToNextField();
    }

    /** Next: each field once in page order, optional ones too; then the
     * required ones still empty; then the Sign button. */
    goToNextField() {
        const fields = this.guideFields;
        let index = this.state.cursor + 1;
        if (index >= fields.length) {
            const missing = this.missingFields[0];
            index = missing ? fields.indexOf(missing) : -1;
        }
        this.state.started = true;
        this.state.cursor = index;
        if (index < 0) {
            document.querySelector(".o_esign_sign_button")?.focus();
            return;
        }
        this.showField(fields[index]);
    }

    showField(field) {
        const el = document.querySelector(`.o_esign_field[data-field-id="${field.id}"]`);
        if (!el) {
            return;
        }
        el.scrollIntoView({ behavior: "instant", block: "center" });
        const control = el.querySelector("input, select, button");
        control?.focus({ preventScroll: true });
        if (IMAGE_TYPES.includes(field.type) && !isFilled(field, this.state.values[field.id])) {
            this.openImage(field);
        }
    }

    onFieldChange(field, value) {
        this.setValue(field, value);
        const index = this.guideFields.indexOf(field);
        if (index >= 0) {
            this.state.cursor = index;
        }
    }

    openChoices(field) {
        this.dialog.add(EsignChoiceDialog, {
            title: field.label || _t("Choose"),
            choices: field.choices || [],
            value: this.state.values[field.id] || [],
            onConfirm: (keys) => this.onFieldChange(field, keys),
        });
    }

    attach(field) {
        this.attachFor = field;
        this.fileRef.el.value = "";
        this.fileRef.el.accept = field.accept || "";
        this.fileRef.el.click();
    }

    async onFileChosen(ev) {
        const file = ev.target.files[0];
        const field = this.attachFor;
        if (!file || !field) {
            return;
        }
        const types = (field.accept || "").split(",");
        if (!types.includes(file.type) || file.size > field.maxBytes) {
            this.state.error = _t("%(label)s: attach a PDF, PNG or JPEG file of %(size)s MB at most.", {
                label: field.label || _t("File"),
                size: Math.floor(field.maxBytes / (1024 * 1024)),
            });
            return;
        }
        const data = await new Promise((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
            reader.onerror = () => reject(reader.error);
            reader.readAsDataURL(file);
        });
        this.onFieldChange(field, { name: file.name, data });
    }

    /** Signature, initials and stamp: adopt once, then one tap per place. */
    openImage(field) {
        const adopted = this.adopted[field.type];
        if (adopted && !this.state.values[field.id]) {
            this.setValue(field, adopted);
            return;
        }
        const onConfirm = (image, adoption) => {
            if (field.type === "signature" && adoption) {
                this.adoption = adoption;
            }
            this.adopt(field, image);
            this.state.cursor = this.guideFields.indexOf(field);
        };
        if (field.type === "stamp") {
            this.dialog.add(EsignStampDialog, { onConfirm });
            return;
        }
        this.dialog.add(EsignSignatureDialog, {
            kind: field.type,
            defaultName: this.config.signerName || "",
            ratio: this.fieldRatio(field),
            onConfirm,
        });
    }

    adopt(field, image) {
        const previous = this.adopted[field.type];
        this.adopted[field.type] = image;
        for (const other of this.fields) {
            if (other.type === field.type && previous && this.state.values[other.id] === previous) {
                this.state.values[other.id] = image;
            }
        }
        this.setValue(field, image);
    }

    fieldRatio(field) {
        const page = (this.config.pages || [])[field.page - 1];
        const ratio = page ? (field.width * page.width) / (field.height * page.height) : 3;
        const [min, max] = field.type === "initials" ? [2, 4] : [2.5, 6];
        return Math.min(max, Math.max(min, ratio || 3));
    }

    submitValues() {
        const values = {};
        for (const field of this.guideFields) {
            const value = this.state.values[field.id];
            if (field.type === "checkbox") {
                values[field.id] = value === true;
            } else if (isFilled(field, value)) {
                values[field.id] = typeof value === "string" && !IMAGE_TYPES.includes(field.type)
                    ? value.trim()
                    : value;
            }
        }
        return values;
    }

    get signatureImage() {
        if (this.adopted.signature) {
            return this.adopted.signature;
        }
        const field = this.fields.find((f) => f.type === "signature" && this.state.values[f.id]);
        return field ? this.state.values[field.id] : null;
    }

    async submit() {
        if (!this.canSign) {
            return;
        }
        this.state.submitting = true;
        this.state.error = "";
        const device = { ...deviceInfo(), ...(this.adoption ? { adoption: this.adoption } : {}) };
        const body = { values: this.submitValues(), device };
        if (this.signatureImage) {
            body.signature = this.signatureImage;
        }
        try {
            const answer = await postJson(`${this.config.accessUrl}/submit`, body);
            this.state.requestState = answer.request_state || "";
            this.state.justSigned = true;
            this.state.status = "signed";
            window.scrollTo({ top: 0 });
            if (this.state.requestState === "signed" && !this.state.downloadUrl) {
                this.pollDownload(DOWNLOAD_POLL_TRIES);
            }
        } catch (error) {
            this.state.error = error.message;
        } finally {
            this.state.submitting = false;
        }
    }

    /** The sealed PDF is made by a background job: look for it a while. */
    pollDownload(triesLeft) {
        const url = `${this.config.accessUrl}/download`;
        this.pollTimer = setTimeout(async () => {
            let ready = false;
            try {
                ready = (await fetch(url, { method: "HEAD", credentials: "same-origin" })).ok;
            } catch {
                ready = false;
            }
            if (ready) {
                this.state.downloadUrl = url;
            } else if (triesLeft > 1) {
                this.pollDownload(triesLeft - 1);
            }
        }, DOWNLOAD_POLL_MS);
    }

    openDecline() {
        this.dialog.add(EsignDeclineDialog, { onDecline: (reason) => this.decline(reason) });
    }

    async decline(reason) {
        try {
            await postJson(`${this.config.accessUrl}/decline`, { reason });
            this.state.status = "declined";
            window.scrollTo({ top: 0 });
            return "";
        } catch (error) {
            return error.message;
        }
    }
}

registry.category("public_components").add("esign_base.SigningApp", SigningApp);
