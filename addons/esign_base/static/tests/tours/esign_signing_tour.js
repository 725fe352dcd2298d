import { registry } from "@web/core/registry";

/**
 * Sign a document as the only signer, with the fields made by
 * tests/test_signing_tour.py: name and email (prefilled), a text, a
 * checkbox, a date (server side), a signature (drawn) and initials (typed).
 * Runs at desktop and phone widths.
 */

async function checkLayout() {
    // Let a redraw triggered by a late resize (scrollbar, fonts) settle.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) {
        throw new Error(`The page scrolls sideways: ${root.scrollWidth}px > ${window.innerWidth}px`);
    }
    const page = document.querySelector(".o_esign_page");
    const canvas = page.querySelector("canvas");
    const pageWidth = page.getBoundingClientRect().width;
    const expected = Math.min(pageWidth * (window.devicePixelRatio || 1), 2400);
    if (Math.abs(canvas.width - expected) > 2) {
        throw new Error(`Page drawn at ${canvas.width}px for a ${pageWidth}px wide box`);
    }
}

function checkValue(selector, expected) {
    const value = document.querySelector(selector).value;
    if (value !== expected) {
        throw new Error(`${selector}: expected "${expected}", got "${value}"`);
    }
}

/** Draw a stroke with pointer events, as a finger or a mouse would. */
async function drawStroke() {
    const canvas = this.anchor;
    const rect = canvas.getBoundingClientRect();
    const points = [[0.1, 0.7], [0.25, 0.3], [0.45, 0.65], [0.65, 0.3], [0.9, 0.55]];
    const fire = (target, type, [x, y]) =>
        target.dispatchEvent(
            new PointerEvent(type, {
                bubbles: true,
                cancelable: true,
                pointerId: 1,
                isPrimary: true,
                pointerType: "touch",
                buttons: type === "pointerup" ? 0 : 1,
                clientX: rect.left + x * rect.width,
                clientY: rect.top + y * rect.height,
            })
        );
    fire(canvas, "pointerdown", points[0]);
    for (const point of points.slice(1)) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        fire(canvas, "pointermove", point);
    }
    fire(canvas, "pointerup", points.at(-1));
}

registry.category("web_tour.tours").add("esign_base_signing_tour", {
    steps: () => [
        {
            content: "The first page is drawn, as wide as its box, without sideways scrolling",
            trigger: ".o_esign_page[data-drawn='1']",
            run: checkLayout,
        },
        {
            content: "Name and email come prefilled",
            trigger: ".o_esign_field[data-type='email'] input",
            run() {
                checkValue(".o_esign_field[data-type='name'] input", "Bob Customer");
                checkValue(".o_esign_field[data-type='email'] input", "bob@example.com");
            },
        },
        {
            content: "Signing waits for the required fields",
            trigger: ".o_esign_sign_button:disabled",
        },
        {
            content: "Fill in the text field",
            trigger: ".o_esign_field[data-type='text'] input",
            run: "edit Paid in full",
        },
        {
            content: "Tick the checkbox",
            trigger: ".o_esign_field[data-type='checkbox'] button[aria-checked='false']",
            run: "click",
        },
        {
            content: "Open the signature dialog",
            trigger: ".o_esign_field[data-type='signature'] button",
            run: "click",
        },
        {
            content: "Drawing is the default mode",
            trigger: ".o_esign_signature_dialog .o_esign_mode_draw.active",
        },
        {
            content: "Draw a signature",
            trigger: ".o_esign_signature_dialog canvas.o_esign_pad",
            run: drawStroke,
        },
        {
            content: "Adopt it",
            trigger: ".o_esign_signature_dialog .o_esign_signature_adopt:enabled",
            run: "click",
        },
        {
            content: "The signature shows in its place",
            trigger: ".o_esign_field[data-type='signature'] img[src^='data:image/png']",
        },
        {
            content: "Open the initials dialog",
            trigger: ".o_esign_field[data-type='initials'] button",
            run: "click",
        },
        {
            content: "Type the initials",
            trigger: ".o_esign_signature_dialog .o_esign_mode_type",
            run: "click",
        },
        {
            content: "Initials are typed from the name",
            trigger: ".o_esign_signature_dialog .o_esign_typed_name",
            run() {
                checkValue(".o_esign_signature_dialog .o_esign_typed_name", "BC");
            },
        },
        {
            trigger: ".o_esign_signature_dialog .o_esign_signature_adopt:enabled",
            run: "click",
        },
        {
            content: "The initials show in their place",
            trigger: ".o_esign_field[data-type='initials'] img[src^='data:image/png']",
        },
        {
            content: "Sign",
            trigger: ".o_esign_sign_button:enabled",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_esign_end_signed:contains('Thank you, you have signed')",
        },
    ],
});
