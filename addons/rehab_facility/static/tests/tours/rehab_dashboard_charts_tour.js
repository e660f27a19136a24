/** @odoo-module **/
/*
 * The manager's dashboard charts (issue #16), in Vietnamese: each chart is
 * an Odoo graph on the records behind it; a click on a bar opens them.
 * Run by tests/test_dashboard_charts.py. Elements are found by stable
 * attributes (data-chart, field names), never by English text.
 */

import { registry } from "@web/core/registry";

const DASHBOARD = ".o_action_manager .o_form_view:has(button[name=action_open_export])";

function chart(key) {
    return `${DASHBOARD} .o_rehab_dashboard_chart[data-chart=${key}]`;
}

function clickFirstBar(key) {
    return () => {
        const canvas = document.querySelector(`${chart(key)} canvas`);
        const graph = Chart.getChart(canvas);
        const meta = graph.getDatasetMeta(0);
        const point = meta.data.find((bar) => bar && bar.height !== 0) || meta.data[0];
        const rect = canvas.getBoundingClientRect();
        const { x, y } = point.tooltipPosition();
        for (const type of ["mousemove", "click"]) {
            canvas.dispatchEvent(
                new MouseEvent(type, {
                    clientX: rect.left + x,
                    clientY: rect.top + y,
                    bubbles: true,
                })
            );
        }
    };
}

registry.category("web_tour.tours").add("rehab_dashboard_charts_tour", {
    steps: () => [
        {
            content: "The manager lands on the dashboard",
            trigger: `${DASHBOARD} .o_field_widget[name=facility_names]`,
        },
        ...["occupancy_trend", "beds", "admissions", "releases", "incidents"].map((key) => ({
            content: `The ${key} chart is drawn`,
            trigger: `${chart(key)} .o_graph_renderer canvas`,
        })),
        {
            content: "Click a bar of the beds chart",
            trigger: `${chart("beds")} .o_graph_renderer canvas`,
            run: clickFirstBar("beds"),
        },
        {
            content: "…its beds open in a list",
            trigger: ".o_action_manager .o_list_view .o_data_row",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "Open the admissions chart in full",
            trigger: `${chart("admissions")} button.o_rehab_chart_title`,
            run: "click",
        },
        {
            content: "…a graph view of the stays",
            trigger: ".o_action_manager .o_graph_view .o_graph_renderer canvas",
        },
        {
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
