import { _t } from "@web/core/l10n/translation";

/**
 * Talking to the signer's JSON routes (type="http", plain JSON bodies).
 * Errors come back as a 4xx status and {"error": {"code", "message", ...}};
 * the message is already translated plain text and is shown as-is.
 */
export class EsignRequestError extends Error {
    constructor(message, status, details = {}) {
        super(message);
        this.name = "EsignRequestError";
        this.status = status;
        this.code = details.code || null;
        this.details = details;
    }
}

/** What the audit trail records about the signer's device. */
export function deviceInfo() {
    const nav = window.navigator;
    let timezone = "";
    try {
        timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch {
        timezone = "";
    }
    return {
        screen: `${window.screen.width}x${window.screen.height}`,
        platform: (nav.userAgentData && nav.userAgentData.platform) || nav.platform || "",
        timezone,
        language: nav.language || "",
    };
}

export function postJson(url, body = {}) {
    return requestJson(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
    });
}

export function getJson(url) {
    return requestJson(url, { method: "GET", headers: { Accept: "application/json" } });
}

async function requestJson(url, options) {
    let response;
    try {
        response = await fetch(url, { credentials: "same-origin", ...options });
    } catch {
        throw new EsignRequestError(
            _t("We could not reach the server. Check your connection and try again."),
            0
        );
    }
    let data = null;
    try {
        data = await response.json();
    } catch {
        data = null;
    }
    if (!response.ok || !data || data.error) {
        const error = (data && data.error) || {};
        throw new EsignRequestError(
            error.message || _t("Something went wrong. Please try again in a moment."),
            response.status,
            error
        );
    }
    return data;
}
