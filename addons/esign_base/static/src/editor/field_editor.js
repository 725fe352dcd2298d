import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { DocumentViewer } from "../signing/document_viewer";
import {
    changesOf, defaultSize, FIELD_TYPES, History, moved, placed, resized, ROLE_COLOURS,
    saveFields,
} from "./editor_model";
import { FieldEditorPanel } from "./field_editor_panel";
import { PageThumbnails } from "./page_thumbnails";

const READ_KEYS = [
    "field_type", "role_id", "name", "required", "page", "pos_x", "pos_y", "width", "height",
    "choices", "condition_field_id", "condition_value",
];
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2];
const CLICK_SLOP_PX = 4;

/**
 * Place a template's fields on its pages: drag from the palette, move,
 * resize, duplicate, delete, undo and redo, arrow keys. Pages are drawn by
 * the signing page's DocumentViewer (pdf.js as Odoo ships it) at the size
 * the reader sees them, rotation included, so the fractions saved are the
 * ones the signing page and the seal use.
 */
export class EsignFieldEditor extends Component {
    static template = "esign_base.FieldEditor";
    static components = { DocumentViewer, FieldEditorPanel, PageThumbnails };
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.rootRef = useRef("root");
        this.typeLabels = {};
        this.history = new History();
        this.state = useState({
            fields: [], roles: [], selected: null, roleId: false, zoom: 1, dirty: false,
            saving: false, ghost: null, version: 0,
        });
        this.newIds = 0;
        onWillStart(() => this.load());
    }

    get templateId() {
        return this.props.record.resId;
    }

    /** Users who may only read templates see the placement, unchangeable. */
    get canEdit() {
        return !this.props.readonly;
    }

    get pages() {
        return (this.props.record.data.page_geometry || []).map((page) => ({
            width: page.width, height: page.height,
        }));
    }

    get documentUrl() {
        return `/web/content/esign.template/${this.templateId}/document?v=${this.state.version}`;
    }

    get palette() {
        return FIELD_TYPES.map((item) => ({ ...item, label: this.typeLabel(item.type) }));
    }

    typeLabel(type) {
        return this.typeLabels[type] || type;
    }

    async load() {
        const description = await this.orm.call("esign.template.field", "fields_get",
            [["field_type"]], { attributes: ["selection"] });
        this.typeLabels = Object.fromEntries(description.field_type.selection);
        this.state.roles = await this.orm.searchRead("esign.role", [], ["name"], { order: "sequence, id" });
        this.state.roleId = this.state.roleId || this.state.roles[0]?.id || false;
        if (!this.templateId) {
            return;
        }
        const records = await this.orm.searchRead(
            "esign.template.field", [["template_id", "=", this.templateId]], READ_KEYS);
        const fields = records.map((r) => ({
            ...r, role_id: r.role_id && r.role_id[0],
            condition_field_id: r.condition_field_id && r.condition_field_id[0],
        }));
        this.original = fields.map((f) => ({ ...f }));
        this.state.fields = fields;
        this.state.dirty = false;
        this.history = new History();
    }

    // ------------------------------------------------------------ display

    roleColour(roleId) {
        const index = this.state.roles.findIndex((role) => role.id === roleId);
        return ROLE_COLOURS[(index < 0 ? 0 : index) % ROLE_COLOURS.length];
    }

    roleName(roleId) {
        return this.state.roles.find((role) => role.id === roleId)?.name || "";
    }

    fieldsOnPage(pageNumber) {
        return this.state.fields.filter((f) => f.page === pageNumber);
    }

    fieldStyle(field) {
        const pct = (value) => `${(value * 100).toFixed(3)}%`;
        const colour = this.roleColour(field.role_id);
        return `left: ${pct(field.pos_x)}; top: ${pct(field.pos_y)}; width: ${pct(field.width)}; ` +
            `height: ${pct(field.height)}; --esign-role-colour: ${colour};`;
    }

    fieldTitle(field) {
        return `${field.name || this.typeLabel(field.field_type)} (${this.roleName(field.role_id)})`;
    }

    select(field) {
        this.state.selected = field.id;
    }

    get selectedField() {
        return this.state.fields.find((f) => f.id === this.state.selected) || null;
    }

    get zoomStyle() {
        return `width: ${this.state.zoom * 100}%;`;
    }

    onRoleChange(ev) {
        this.state.roleId = Number(ev.target.value);
    }

    zoom(step) {
        const index = ZOOMS.indexOf(this.state.zoom) + step;
        this.state.zoom = ZOOMS[Math.min(Math.max(index, 0), ZOOMS.length - 1)];
    }

    showPage(pageNumber) {
        const el = this.rootRef.el.querySelectorAll(".o_esign_page")[pageNumber - 1];
        el?.scrollIntoView({ block: "start" });
    }

    // ------------------------------------------------------------ changes

    snapshot() {
        return this.state.fields.map((f) => ({ ...f }));
    }

    change(mutate) {
        if (!this.canEdit) {
            return;
        }
        this.history.push(this.snapshot());
        mutate();
        this.state.dirty = true;
    }

    replace(id, values) {
        this.state.fields = this.state.fields.map((f) => (f.id === id ? { ...f, ...values } : f));
    }

    updateSelected(values) {
        const field = this.selectedField;
        if (field) {
            this.change(() => this.replace(field.id, placed({ ...field, ...values })));
        }
    }

    addField(type, pageNumber, posX, posY) {
        const page = this.pages[pageNumber - 1];
        if (!page) {
            return;
        }
        const field = placed({
            id: `new_${++this.newIds}`, field_type: type, role_id: this.state.roleId,
            name: "", required: true, page: pageNumber, pos_x: posX, pos_y: posY,
            choices: type === "select" || type === "multiselect" ? "yes:Yes\nno:No" : false,
            condition_field_id: false, condition_value: false,
            ...defaultSize(type, page),
        });
        this.change(() => this.state.fields.push(field));
        this.state.selected = field.id;
    }

    duplicate(everyPage = false) {
        const field = this.selectedField;
        if (!field) {
            return;
        }
        const pages = everyPage
            ? this.pages.map((_page, index) => index + 1).filter((n) => n !== field.page)
            : [field.page];
        this.change(() => {
            for (const pageNumber of pages) {
                const offset = everyPage ? 0 : 0.02;
                this.state.fields.push(moved({
                    ...field, id: `new_${++this.newIds}`, page: pageNumber,
                }, offset, offset));
            }
        });
        if (!everyPage) {
            this.state.selected = this.state.fields.at(-1).id;
        }
    }

    remove() {
        const field = this.selectedField;
        if (!field) {
            return;
        }
        this.change(() => {
            this.state.fields = this.state.fields
                .filter((f) => f.id !== field.id)
                .map((f) => (f.condition_field_id === field.id
                    ? { ...f, condition_field_id: false, condition_value: false } : f));
        });
        this.state.selected = null;
    }

    undo() {
        const previous = this.history.undo(this.snapshot());
        if (previous) {
            this.state.fields = previous;
            this.state.dirty = true;
        }
    }

    redo() {
        const next = this.history.redo(this.snapshot());
        if (next) {
            this.state.fields = next;
            this.state.dirty = true;
        }
    }

    // ------------------------------------------------------------ pointer

    pageAt(x, y) {
        for (const el of document.elementsFromPoint(x, y)) {
            const page = el.closest?.(".o_esign_editor .o_esign_page");
            if (page) {
                return { number: Number(page.dataset.index) + 1, rect: page.getBoundingClientRect() };
            }
        }
        return null;
    }

    onPaletteDown(ev, type) {
        ev.preventDefault();
        if (!this.canEdit) {
            return;
        }
        this.track(ev, {
            move: (e) => { this.state.ghost = { x: e.clientX, y: e.clientY, type }; },
            up: (e, travelled) => {
                this.state.ghost = null;
                const page = this.pageAt(e.clientX, e.clientY);
                if (page) {
                    this.addField(type, page.number, (e.clientX - page.rect.left) / page.rect.width,
                        (e.clientY - page.rect.top) / page.rect.height);
                } else if (travelled < CLICK_SLOP_PX) {
                    const first = this.state.fields.at(-1)?.page || 1;
                    this.addField(type, first, 0.1, 0.1);
                }
            },
        });
    }

    onFieldDown(ev, field, mode) {
        ev.preventDefault();
        ev.stopPropagation();
        this.state.selected = field.id;
        this.rootRef.el.focus({ preventScroll: true });
        if (!this.canEdit) {
            return;
        }
        const rect = ev.target.closest(".o_esign_page").getBoundingClientRect();
        const before = this.snapshot();
        const start = { ...field };
        const grab = {
            x: (ev.clientX - rect.left) / rect.width - field.pos_x,
            y: (ev.clientY - rect.top) / rect.height - field.pos_y,
        };
        this.track(ev, {
            move: (e, _travelled, dx, dy) => {
                const fx = dx / rect.width;
                const fy = dy / rect.height;
                this.replace(field.id, mode === "move" ? moved(start, fx, fy) : resized(start, fx, fy));
            },
            up: (e, travelled) => {
                if (mode === "move" && travelled >= 1) {
                    this.dropOnOtherPage(e, field.id, start, grab);
                }
                if (travelled >= 1) {
                    this.history.push(before);
                    this.state.dirty = true;
                }
            },
        });
    }

    /** A field moved over another page lands there, where it was dropped. */
    dropOnOtherPage(ev, id, start, grab) {
        const page = this.pageAt(ev.clientX, ev.clientY);
        if (!page || page.number === start.page) {
            return;
        }
        this.replace(id, placed({
            ...start,
            page: page.number,
            pos_x: (ev.clientX - page.rect.left) / page.rect.width - grab.x,
            pos_y: (ev.clientY - page.rect.top) / page.rect.height - grab.y,
        }));
    }

    /** Follow one pointer until it is released. */
    track(ev, { move, up }) {
        const x0 = ev.clientX;
        const y0 = ev.clientY;
        let travelled = 0;
        const onMove = (e) => {
            travelled = Math.max(travelled, Math.hypot(e.clientX - x0, e.clientY - y0));
            move(e, travelled, e.clientX - x0, e.clientY - y0);
        };
        const onUp = (e) => {
            window.removeEventListener("pointermove", onMove);
            window.removeEventListener("pointerup", onUp);
            up(e, travelled);
        };
        window.addEventListener("pointermove", onMove);
        window.addEventListener("pointerup", onUp);
    }

    onKeydown(ev) {
        if (ev.target.closest("input, textarea, select")) {
            return;
        }
        const key = ev.key.toLowerCase();
        const ctrl = ev.ctrlKey || ev.metaKey;
        const field = this.selectedField;
        const step = ev.shiftKey ? 0.02 : 0.002;
        const arrows = { arrowleft: [-step, 0], arrowright: [step, 0], arrowup: [0, -step], arrowdown: [0, step] };
        if (ctrl && key === "z") {
            ev.shiftKey ? this.redo() : this.undo();
        } else if (ctrl && key === "y") {
            this.redo();
        } else if (ctrl && key === "d" && field) {
            this.duplicate();
        } else if (field && (key === "delete" || key === "backspace")) {
            this.remove();
        } else if (field && arrows[key]) {
            this.change(() => this.replace(field.id, moved(field, ...arrows[key])));
        } else if (key === "escape") {
            this.state.selected = null;
        } else {
            return;
        }
        ev.preventDefault();
    }

    // ------------------------------------------------------------ saving

    async save() {
        const record = this.props.record;
        if (record.isNew || record.dirty) {
            if (!(await record.save())) {
                return;
            }
        }
        this.state.saving = true;
        try {
            await saveFields(this.orm, this.templateId, changesOf(this.original, this.state.fields));
            await this.load();
            await record.load();
            this.notification.add(_t("Fields saved."), { type: "success" });
        } finally {
            this.state.saving = false;
        }
    }

    async discard() {
        await this.load();
        this.state.selected = null;
    }
}

registry.category("view_widgets").add("esign_field_editor", { component: EsignFieldEditor });
