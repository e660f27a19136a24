/** @odoo-module **/
/*
 * Facility manager journey (README, "Managers: occupancy reports"): land on
 * the dashboard, export last month's occupancy report, find it in the
 * export log. Run by tests/test_tours.py, which passes the period to choose,
 * the dates and figures to expect as query parameters of the start URL, and
 * reads the workbook back.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function tourParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search));
}

const WIZARD = ".modal:has(.o_form_view)";
const DASHBOARD = ".o_action_manager .o_form_view:has(button[name=action_open_export])";

registry.category("web_tour.tours").add("rehab_manager_tour", {
    steps: () => {
        const p = tourParams();
        return [
            {
                content: "The manager lands on the dashboard",
                trigger: `${DASHBOARD} .o_field_widget[name=facility_names]`,
            },
            {
                content: "Residents in the facility now",
                trigger: `${DASHBOARD} .o_field_widget[name=in_facility_count]:contains(${p.in_facility})`,
            },
            {
                content: "Export Report",
                trigger: `${DASHBOARD} button[name=action_open_export]`,
                run: "click",
            },
            {
                content: "A month",
                trigger: `${WIZARD} .o_field_widget[name=period_type] input[data-value=month]`,
                run: "click",
            },
            {
                content: "Last month: its year",
                trigger: `${WIZARD} .o_field_widget[name=year] input`,
                run: `edit ${p.year}`,
            },
            {
                content: "…and its month",
                trigger: `${WIZARD} .o_field_widget[name=month] select`,
                run: `select "${p.month}"`,
            },
            {
                content: "The period runs from the first…",
                trigger: `${WIZARD} .o_field_widget[name=date_from]:contains(${p.date_from})`,
            },
            {
                content: "…to the last day of last month",
                trigger: `${WIZARD} .o_field_widget[name=date_to]:contains(${p.date_to})`,
            },
            {
                content: "The report goes to the provincial authority",
                trigger: `${WIZARD} .o_field_widget[name=recipient] input:value("${p.recipient}")`,
            },
            {
                content: "Export",
                trigger: `${WIZARD} .modal-footer button[name=action_export]`,
                run: "click",
            },
            {
                content: "The export confirms with a notification naming the file…",
                trigger: `.o_notification:has(.o_notification_bar.bg-success) .o_notification_content:contains("${p.filename}")`,
            },
            {
                content: "…and closes the dialog by itself",
                trigger: "body:not(:has(.modal))",
            },
            {
                trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))",
            },
            // The workbook is kept in the export log.
            ...stepUtils.goToAppSteps("rehab_facility.menu_rehab_root", "Open Rehab Facility"),
            {
                content: "Open the Reports menu",
                trigger: ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_reports']",
                run: "click",
            },
            {
                content: "Report Exports",
                trigger: ".dropdown-item[data-menu-xmlid='rehab_facility.menu_rehab_report_exports']",
                run: "click",
            },
            {
                content: "Last month's workbook is listed first…",
                trigger: `.o_list_view tbody tr.o_data_row:nth-child(1) td[name=period_label]:contains("${p.period_label}")`,
            },
            {
                content: "…with its file",
                trigger: `.o_list_view tbody tr.o_data_row:nth-child(1) td[name=filename]:contains("${p.filename}")`,
            },
        ];
    },
});

// Wrong role: the intake officer has no Reports menu.
registry.category("web_tour.tours").add("rehab_manager_wrong_role_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("rehab_facility.menu_rehab_root", "Open Rehab Facility"),
        {
            content: "The officer's own menus are there",
            trigger: ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_intake']",
        },
        {
            content: "…but no Reports menu (managers and auditors only)",
            trigger: "body:not(:has([data-menu-xmlid='rehab_facility.menu_rehab_reports']))",
        },
    ],
});
