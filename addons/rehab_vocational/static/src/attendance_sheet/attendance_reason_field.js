import { Component, onWillStart } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

let reasonsPromise = null;

/**
 * Absence reason of a sheet line, chosen in one tap: a plain drop-down on
 * every row (the standard many2one needs a first tap that only opens the
 * row for editing). Picking a reason sets the status it implies (excused or
 * absent) at once, so the sheet's counters follow.
 */
export class AttendanceReasonField extends Component {
    static template = "rehab_vocational.AttendanceReasonField";
    static props = { ...standardFieldProps, editableIf: { type: String, optional: true } };

    setup() {
        // The reasons are read once for all the rows: with the raw service,
        // not useService's, whose promise never settles once the row that
        // asked is gone (the other rows would wait for ever).
        const orm = this.env.services.orm;
        onWillStart(async () => {
            reasonsPromise ||= orm.searchRead(
                "rehab.absence.reason",
                [],
                ["display_name", "counts_as_excused"]
            );
            try {
                this.reasons = await reasonsPromise;
            } catch (error) {
                reasonsPromise = null;
                throw error;
            }
        });
    }

    get value() {
        return this.props.record.data[this.props.name];
    }

    get canTap() {
        const root = this.props.record.model.root;
        if (!root.isInEdition) {
            return false;
        }
        if (this.props.editableIf && !root.data[this.props.editableIf]) {
            return false;
        }
        return !this.props.record._isReadonly(this.props.name);
    }

    onClick(ev) {
        // Do not open the row: the drop-down is the whole gesture.
        ev.stopPropagation();
    }

    onChange(ev) {
        const id = Number(ev.target.value);
        const reason = this.reasons.find((r) => r.id === id);
        const changes = { [this.props.name]: reason ? [reason.id, reason.display_name] : false };
        if (reason) {
            changes.status = reason.counts_as_excused ? "excused" : "absent";
        }
        this.props.record.update(changes);
    }
}

registry.category("fields").add("rehab_attendance_reason", {
    component: AttendanceReasonField,
    supportedTypes: ["many2one"],
    extractProps: ({ options }) => ({ editableIf: options.editable_if }),
});
