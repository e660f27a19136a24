import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const STATUSES = ["present", "absent", "excused", "late"];

/**
 * Live counters of an attendance sheet, for its sticky bar: they count the
 * statuses of the lines as tapped in the browser, before the sheet is saved
 * or confirmed (the stored counters change only once it is saved).
 */
export class AttendanceCounters extends Component {
    static template = "rehab_vocational.AttendanceCounters";
    static props = { ...standardWidgetProps };

    get counts() {
        const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
        const lines = this.props.record.data.line_ids;
        for (const line of lines ? lines.records : []) {
            if (line.data.status in counts) {
                counts[line.data.status]++;
            }
        }
        return counts;
    }

    get total() {
        return this.props.record.data.line_ids?.count || 0;
    }
}

registry.category("view_widgets").add("rehab_attendance_counters", {
    component: AttendanceCounters,
    fieldDependencies: [{ name: "line_ids", type: "one2many" }],
});
