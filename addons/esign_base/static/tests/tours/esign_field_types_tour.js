import { registry } from "@web/core/registry";

/**
 * A signer on a phone fills every kind of field of
 * tests/test_field_types_tour.py using only Start, Next and the pad: a
 * number, a single choice that reveals a required conditional text, a
 * multiple choice, a labelled checkbox, an attached picture, a signature
 * and initials (page 2), then signs.
 */

function fail(message) {
    throw new Error(message);
}

function counterIs(x, y) {
    const text = document.querySelector(".o_esign_field_counter")?.textContent || "";
    if (!text.includes(`Field ${x} of ${y}`)) {
        fail(`expected "Field ${x} of ${y}", got "${text}"`);
    }
}

function currentIs(type) {
    const current = document.querySelector(".o_esign_field_current");
    if (!current || current.dataset.type !== type) {
        fail(`the current field is ${current?.dataset.type}, not ${type}`);
    }
    if (!current.contains(document.activeElement)) {
        fail(`the ${type} field does not have the focus`);
    }
}

function next() {
    document.querySelector(".o_esign_actionbar .o_esign_next").click();
}

async function drawStroke() {
    const canvas = this.anchor;
    const rect = canvas.getBoundingClientRect();
    if (rect.width < window.innerWidth * 0.8 || rect.height < window.innerHeight * 0.3) {
        fail(`the pad is only ${rect.width}x${rect.height}px`);
    }
    if (document.activeElement && document.activeElement.tagName === "INPUT") {
        fail("an input took the focus when the pad opened");
    }
    const points = [[0.1, 0.6], [0.3, 0.3], [0.5, 0.65], [0.7, 0.3], [0.9, 0.55]];
    const fire = (type, [x, y]) =>
        canvas.dispatchEvent(
            new PointerEvent(type, {
                bubbles: true,
                cancelable: true,
                pointerId: 1,
                isPrimary: true,
                pointerType: "touch",
                pressure: 0.6,
                clientX: rect.left + x * rect.width,
                clientY: rect.top + y * rect.height,
            })
        );
    fire("pointerdown", points[0]);
    for (const point of points.slice(1)) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        fire("pointermove", point);
    }
    fire("pointerup", points.at(-1));
}

async function attachPicture() {
    this.anchor.click(); // the page opens its file picker for this field
    const canvas = document.createElement("canvas");
    canvas.width = 40;
    canvas.height = 20;
    canvas.getContext("2d").fillRect(5, 5, 30, 10);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], "order.png", { type: "image/png" }));
    const input = document.querySelector(".o_esign_signing input[type='file']");
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

function padSteps(kind) {
    return [
        {
            content: `Next opened the pad for the ${kind}`,
            trigger: ".o_esign_signature_dialog .o_esign_mode_draw.active",
        },
        {
            content: `Draw the ${kind}`,
            trigger: ".o_esign_signature_dialog canvas.o_esign_pad",
            run: drawStroke,
        },
        {
            content: "Adopt it",
            trigger: ".o_esign_signature_dialog .o_esign_signature_adopt:enabled",
            run: "click",
        },
        {
            trigger: `.o_esign_field[data-type='${kind}'] img[src^='data:image/png']`,
        },
    ];
}

registry.category("web_tour.tours").add("esign_base_field_types_tour", {
    steps: () => [
        {
            content: "Start shows at once, the conditional field is hidden",
            trigger: ".o_esign_page[data-drawn='1']",
            run() {
                if (document.querySelector(".o_esign_field[data-type='text']")) {
                    fail("the conditional field shows before its condition holds");
                }
            },
        },
        {
            trigger: ".o_esign_actionbar .o_esign_start",
            run: "click",
        },
        {
            content: "Start goes to the first field",
            trigger: ".o_esign_field_current[data-type='number'] input",
            run() {
                counterIs(1, 7);
                currentIs("number");
                const size = parseFloat(getComputedStyle(this.anchor).fontSize);
                if (size < 16) {
                    fail(`inputs use ${size}px text on a phone`);
                }
            },
        },
        { trigger: ".o_esign_field_current input", run: "edit 12" },
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        {
            content: "Next: the single choice",
            trigger: ".o_esign_field_current[data-type='select'] select",
            run: "select premium",
        },
        {
            content: "Choosing premium shows the contact field, required",
            trigger: ".o_esign_field_missing[data-type='text'] input",
            run() {
                counterIs(2, 8);
            },
        },
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        {
            content: "Next: the conditional field",
            trigger: ".o_esign_field_current[data-type='text'] input",
            run: "edit Carla Premium",
        },
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        {
            content: "Next: the optional multiple choice, visited once",
            trigger: ".o_esign_field_current[data-type='multiselect'] button",
            run: "click",
        },
        { trigger: ".o_esign_choice_dialog input[value='training']", run: "click" },
        { trigger: ".o_esign_choice_dialog .o_esign_choice_confirm", run: "click" },
        {
            trigger: ".o_esign_field[data-type='multiselect']:contains('Training')",
        },
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        {
            content: "Next: the checkbox, with its label on the page",
            trigger: ".o_esign_field_current[data-type='checkbox'] .o_esign_checkbox_label:contains('I accept the terms')",
            run() {
                const box = document.querySelector(".o_esign_field_current button");
                const area = getComputedStyle(box, "::after");
                if (parseFloat(area.width) < 44 || parseFloat(area.height) < 44) {
                    fail(`the checkbox's tap area is ${area.width} x ${area.height}`);
                }
                box.click();
            },
        },
        { trigger: ".o_esign_field[data-type='checkbox'] button[aria-checked='true']" },
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        {
            content: "Next: the file to attach",
            trigger: ".o_esign_field_current[data-type='attachment'] button",
            run: attachPicture,
        },
        { trigger: ".o_esign_field[data-type='attachment']:contains('order.png')" },
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        ...padSteps("signature"),
        { trigger: ".o_esign_actionbar .o_esign_next", run: next },
        ...padSteps("initials"),
        {
            content: "Everything filled: the consent sits next to Sign",
            trigger: ".o_esign_actionbar .o_esign_consent:contains('I agree to sign')",
        },
        { trigger: ".o_esign_sign_button:enabled", run: "click" },
        { trigger: ".o_esign_end_signed:contains('Thank you, you have signed')" },
    ],
});
