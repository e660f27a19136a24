import { Component, onWillStart } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { View } from "@web/views/view";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * A chart of the dashboard: an Odoo graph view embedded in the dashboard's
 * form, on the records behind it (rehab.dashboard ``get_chart``), so a click
 * on a bar or a point opens them. The title opens the full graph view.
 */
export class DashboardChart extends Component {
    static template = "rehab_facility.DashboardChart";
    static components = { View };
    static props = { ...standardWidgetProps, chart: String };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        onWillStart(async () => {
            this.info = await this.orm.call(this.props.record.resModel, "get_chart", [
                this.props.chart,
            ]);
        });
    }

    get viewProps() {
        const info = this.info;
        return {
            resModel: info.res_model,
            type: "graph",
            viewId: info.view_id,
            views: [[info.view_id, "graph"], [false, "search"]],
            domain: info.domain,
            display: { controlPanel: false },
            context: {},
        };
    }

    openFull() {
        const info = this.info;
        this.action.doAction({
            type: "ir.actions.act_window",
            name: info.title,
            res_model: info.res_model,
            views: [
                [info.view_id, "graph"],
                [false, "pivot"],
                [false, "list"],
                [false, "form"],
            ],
            domain: info.domain,
        });
    }
}

registry.category("view_widgets").add("rehab_dashboard_chart", {
    component: DashboardChart,
    extractProps: ({ attrs }) => ({ chart: attrs.chart }),
});
