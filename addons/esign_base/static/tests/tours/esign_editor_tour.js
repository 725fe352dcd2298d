import { registry } from "@web/core/registry";

/**
 * Place a text field by dragging it from the palette onto page 2 (a
 * landscape page turned by /Rotate 90) of tests/test_editor_tour.py's
 * template, nudge it with Shift+Arrow, label it, and save.
 */

function pointer(target, type, x, y) {
    target.dispatchEvent(new PointerEvent(type, {
        bubbles: true, cancelable: true, pointerId: 7, isPrimary: true, pointerType: "mouse",
        buttons: type === "pointerup" ? 0 : 1, clientX: x, clientY: y,
    }));
}

async function dragToPage2() {
    const page = document.querySelectorAll(".o_esign_editor .o_esign_page")[1];
    page.scrollIntoView({ block: "start" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rect = page.getBoundingClientRect();
    const x = rect.left + 0.3 * rect.width;
    const y = rect.top + 0.4 * rect.height;
    if (y > window.innerHeight) {
        throw new Error(`page 2 is not on screen enough to drop (${y}px)`);
    }
    const item = this.anchor.getBoundingClientRect();
    pointer(this.anchor, "pointerdown", item.left + 5, item.top + 5);
    for (const step of [0.25, 0.5, 0.75, 1]) {
        pointer(document.body, "pointermove", item.left + (x - item.left) * step,
            item.top + (y - item.top) * step);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    pointer(document.body, "pointerup", x, y);
}

function key(name, options = {}) {
    document.querySelector(".o_esign_editor").dispatchEvent(new KeyboardEvent("keydown", {
        key: name, bubbles: true, cancelable: true, ...options,
    }));
}

function setInput(selector, value) {
    const input = document.querySelector(selector);
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("esign_base_editor_tour", {
    steps: () => [
        {
            content: "The pages are drawn in the editor",
            trigger: ".o_esign_editor .o_esign_page[data-drawn='1']",
        },
        {
            content: "Page thumbnails are drawn; the second one shows page 2",
            trigger: ".o_esign_editor .o_esign_thumbnail[data-drawn='1']:eq(1)",
            run: "click",
        },
        { trigger: ".o_esign_editor .o_esign_zoom_out", run: "click" },
        { trigger: ".o_esign_editor .o_esign_zoom_out", run: "click" },
        {
            content: "New fields go to the customer",
            trigger: ".o_esign_editor_role",
            run() {
                const option = [...this.anchor.options].find((o) => o.text.includes("Customer"));
                this.anchor.value = option.value;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Drag a text field onto page 2",
            trigger: ".o_esign_palette_text",
            run: dragToPage2,
        },
        {
            content: "It lands selected on page 2",
            trigger: ".o_esign_page[data-index='1'] .o_esign_editor_field.o_selected[data-type='text']",
            run() {
                document.querySelector(".o_esign_editor").dispatchEvent(new KeyboardEvent("keydown", {
                    key: "ArrowRight", shiftKey: true, bubbles: true, cancelable: true,
                }));
            },
        },
        {
            content: "Label it",
            trigger: ".o_esign_panel_label",
            run() {
                setInput(".o_esign_panel_label", "Rotated note");
            },
        },
        {
            content: "Undo the label",
            trigger: ".o_esign_editor_field.o_selected:contains('Rotated note')",
            run: () => key("z", { ctrlKey: true }),
        },
        {
            content: "Redo it",
            trigger: ".o_esign_editor_field.o_selected:not(:contains('Rotated note'))",
            run: () => key("y", { ctrlKey: true }),
        },
        {
            content: "Duplicate it, then delete the copy",
            trigger: ".o_esign_editor_field.o_selected:contains('Rotated note')",
            run: () => key("d", { ctrlKey: true }),
        },
        {
            trigger: ".o_esign_page[data-index='1']:has(.o_esign_editor_field[data-type='text'] + .o_esign_editor_field[data-type='text'])",
            run: () => key("Delete"),
        },
        {
            trigger: ".o_esign_page[data-index='1']:not(:has(.o_esign_editor_field + .o_esign_editor_field))",
        },
        { trigger: ".o_esign_editor_save:enabled", run: "click" },
        { trigger: ".o_notification:contains('Fields saved')" },
        { trigger: ".o_esign_editor_save:disabled" },
    ],
});
