import { Component } from "@odoo/owl";
import { CHOICE_TYPES, CONDITION_SOURCE_TYPES, canHaveCondition } from "./editor_model";

/** The selected field's type, role, label, requirement, choices and condition. */
export class FieldEditorPanel extends Component {
    static template = "esign_base.FieldEditorPanel";
    static props = {
        field: Object,
        fields: Array,
        roles: Array,
        palette: Array,
        pageCount: Number,
        typeLabel: Function,
        onChange: Function,
        onDuplicate: Function,
        onRemove: Function,
    };

    get field() {
        return this.props.field;
    }

    get hasChoices() {
        return CHOICE_TYPES.includes(this.field.field_type);
    }

    get canHaveCondition() {
        return canHaveCondition(this.field);
    }

    /** Fields of the same role whose value a condition may test. */
    get conditionSources() {
        return this.props.fields.filter(
            (f) => f.id !== this.field.id && f.role_id === this.field.role_id &&
                CONDITION_SOURCE_TYPES.includes(f.field_type)
        );
    }

    sourceLabel(field) {
        return `${field.name || this.props.typeLabel(field.field_type)} (p. ${field.page})`;
    }

    setType(ev) {
        const type = ev.target.value;
        const values = { field_type: type };
        if (CHOICE_TYPES.includes(type) && !this.field.choices) {
            values.choices = "yes:Yes\nno:No";
        }
        this.props.onChange(values);
    }

    setRole(ev) {
        this.props.onChange({ role_id: Number(ev.target.value), condition_field_id: false,
                              condition_value: false });
    }

    setText(key, ev) {
        this.props.onChange({ [key]: ev.target.value });
    }

    setPage(ev) {
        const page = Math.min(Math.max(parseInt(ev.target.value) || 1, 1), this.props.pageCount);
        this.props.onChange({ page });
    }

    setCondition(ev) {
        const value = ev.target.value;
        const id = /^\d+$/.test(value) ? Number(value) : value;
        this.props.onChange({ condition_field_id: id || false });
    }

    sourceKey(field) {
        return String(field.id);
    }
}
