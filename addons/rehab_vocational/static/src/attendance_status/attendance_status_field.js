import { registry } from "@web/core/registry";
import {
    BadgeSelectionField,
    badgeSelectionField,
} from "@web/views/fields/badge_selection/badge_selection_field";

/**
 * Attendance status of a sheet line: one tap on a badge sets it.
 *
 * The standard badge widget shows text on the rows of a list that are not
 * being edited, so switching a resident takes two taps (open the row, pick
 * the badge). On a 35-line sheet marked on a tablet, this widget shows the
 * badges on every row and updates the line on the first tap; the form saves
 * the whole sheet at once. The sheet's own flag (``editable_if`` option, a
 * field of the form's record) decides whether the badges can be tapped.
 */
export class AttendanceStatusField extends BadgeSelectionField {
    static template = "rehab_vocational.AttendanceStatusField";
    static props = {
        ...BadgeSelectionField.props,
        editableIf: { type: String, optional: true },
    };

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

    onTap(ev, value) {
        // Do not open the row: the tap is the whole gesture.
        ev.stopPropagation();
        if (value !== this.value) {
            this.props.record.update({ [this.props.name]: value });
        }
    }
}

export const attendanceStatusField = {
    ...badgeSelectionField,
    component: AttendanceStatusField,
    supportedTypes: ["selection"],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...badgeSelectionField.extractProps(fieldInfo, dynamicInfo),
        editableIf: fieldInfo.options.editable_if,
    }),
};

registry.category("fields").add("rehab_attendance_status", attendanceStatusField);
