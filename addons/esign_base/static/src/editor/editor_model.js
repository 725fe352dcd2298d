/**
 * The placement editor's data, without any DOM: fields as plain objects
 * with fractions of the page as the reader sees it (what the model stores),
 * an undo/redo history of snapshots, and the geometry of moving and sizing.
 */

export const FIELD_TYPES = [
    { type: "signature", icon: "fa-pencil" },
    { type: "initials", icon: "fa-font" },
    { type: "stamp", icon: "fa-certificate" },
    { type: "name", icon: "fa-user" },
    { type: "email", icon: "fa-envelope" },
    { type: "phone", icon: "fa-phone" },
    { type: "date", icon: "fa-calendar" },
    { type: "text", icon: "fa-i-cursor" },
    { type: "number", icon: "fa-hashtag" },
    { type: "checkbox", icon: "fa-check-square-o" },
    { type: "select", icon: "fa-caret-square-o-down" },
    { type: "multiselect", icon: "fa-list-ul" },
    { type: "attachment", icon: "fa-paperclip" },
];
export const CHOICE_TYPES = ["select", "multiselect"];
export const CONDITION_SOURCE_TYPES = ["text", "checkbox", "number", "select", "multiselect"];
const IMAGE_TYPES = ["signature", "initials", "stamp"];
export const ROLE_COLOURS = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];
export const EDITABLE_KEYS = [
    "field_type", "role_id", "name", "required", "page", "pos_x", "pos_y", "width", "height",
    "choices", "condition_field_id", "condition_value",
];
const MIN_SIZE = 0.005;
const HISTORY_LIMIT = 100;

/** Default size of a new field, in points, turned into page fractions. */
export function defaultSize(type, page) {
    const points = {
        signature: [150, 45],
        initials: [50, 30],
        stamp: [100, 100],
        checkbox: [14, 14],
        attachment: [140, 20],
    }[type] || [150, 18];
    return {
        width: Math.min(points[0] / page.width, 1),
        height: Math.min(points[1] / page.height, 1),
    };
}

export function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
}

/** Round to the model's five decimals. */
export function round5(value) {
    return Math.round(value * 100000) / 100000;
}

/** The field kept inside its page. */
export function placed(field) {
    const width = clamp(field.width, MIN_SIZE, 1);
    const height = clamp(field.height, MIN_SIZE, 1);
    return {
        ...field,
        width: round5(width),
        height: round5(height),
        pos_x: round5(clamp(field.pos_x, 0, 1 - width)),
        pos_y: round5(clamp(field.pos_y, 0, 1 - height)),
    };
}

export function moved(field, dx, dy) {
    return placed({ ...field, pos_x: field.pos_x + dx, pos_y: field.pos_y + dy });
}

export function resized(field, dw, dh) {
    return placed({
        ...field,
        width: clamp(field.width + dw, MIN_SIZE, 1 - field.pos_x),
        height: clamp(field.height + dh, MIN_SIZE, 1 - field.pos_y),
    });
}

export function canHaveCondition(field) {
    return !IMAGE_TYPES.includes(field.field_type);
}

/** Snapshots of the field list, for undo and redo. */
export class History {
    constructor() {
        this.undoStack = [];
        this.redoStack = [];
    }

    push(snapshot) {
        this.undoStack.push(JSON.stringify(snapshot));
        if (this.undoStack.length > HISTORY_LIMIT) {
            this.undoStack.shift();
        }
        this.redoStack = [];
    }

    undo(current) {
        if (!this.undoStack.length) {
            return null;
        }
        this.redoStack.push(JSON.stringify(current));
        return JSON.parse(this.undoStack.pop());
    }

    redo(current) {
        if (!this.redoStack.length) {
            return null;
        }
        this.undoStack.push(JSON.stringify(current));
        return JSON.parse(this.redoStack.pop());
    }
}

/** What the model must be told: created, changed and removed fields. */
export function changesOf(original, current) {
    const before = new Map(original.map((f) => [f.id, f]));
    const created = current.filter((f) => typeof f.id !== "number");
    const changed = current.filter((f) => {
        const old = typeof f.id === "number" && before.get(f.id);
        return old && EDITABLE_KEYS.some((key) => (old[key] ?? false) !== (f[key] ?? false));
    });
    const kept = new Set(current.map((f) => f.id));
    const removed = original.filter((f) => !kept.has(f.id)).map((f) => f.id);
    return { created, changed, removed };
}

/** Values of a field as the ORM takes them (ids of new fields mapped). */
export function ormValues(field, idOf = (id) => id) {
    const values = {};
    for (const key of EDITABLE_KEYS) {
        values[key] = field[key] ?? false;
    }
    values.condition_field_id = field.condition_field_id ? idOf(field.condition_field_id) : false;
    if (!values.condition_field_id) {
        values.condition_value = false;
    }
    if (!CHOICE_TYPES.includes(field.field_type)) {
        values.choices = false;
    }
    return values;
}

/**
 * Tell the model: new fields first (a condition may name one), then the
 * changed ones and the conditions of the new ones, then the removed ones.
 */
export async function saveFields(orm, templateId, { created, changed, removed }) {
    const ids = {};
    const idOf = (id) => (typeof id === "number" ? id : ids[id]);
    for (const field of created) {
        const values = { ...ormValues(field), template_id: templateId };
        values.condition_field_id = false;
        values.condition_value = false;
        [ids[field.id]] = await orm.create("esign.template.field", [values]);
    }
    for (const field of [...created.filter((f) => f.condition_field_id), ...changed]) {
        await orm.write("esign.template.field", [idOf(field.id)], ormValues(field, idOf));
    }
    if (removed.length) {
        await orm.unlink("esign.template.field", removed);
    }
}
