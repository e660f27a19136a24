/** @odoo-module **/
/*
 * Security staff journey (README, "Security staff"): report an escape, then
 * record the return; the days away move the release date. Run by
 * tests/test_tours.py, which passes the resident, the dates to type and the
 * dates to expect as query parameters of the start URL.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function tourParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search));
}

const WIZARD = ".modal:has(.o_form_view)";

/** Rehab Facility ▸ Residents ▸ Stays, then the stay of ``resident``. */
function openStaySteps(resident) {
    return [
        ...stepUtils.goToAppSteps("rehab_facility.menu_rehab_root", "Open Rehab Facility"),
        {
            content: "Open the Residents menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_people']",
            run: "click",
        },
        {
            content: "Stays",
            trigger: ".dropdown-item[data-menu-xmlid='rehab_facility.menu_rehab_stays']",
            run: "click",
        },
        {
            content: "Search the resident",
            trigger: ".o_list_view .o_searchview_input",
            run: `edit ${resident}`,
        },
        {
            trigger: ".o_searchview_autocomplete .o_menu_item:first",
            run: "click",
        },
        {
            content: "Open their stay",
            trigger: `.o_list_view .o_data_row:only td[name=resident_id]:contains(${resident})`,
            run: "click",
        },
        {
            content: "The stay form is open",
            trigger: `.o_form_view .o_field_widget[name=resident_id]:contains(${resident})`,
        },
    ];
}

registry.category("web_tour.tours").add("rehab_security_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...openStaySteps(p.resident),
            {
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=in_rehab]",
            },
            {
                content: "Release date before the escape",
                trigger: `.o_form_view .o_field_widget[name=expected_release_date]:contains(${p.release_before})`,
            },
            {
                content: "Report Escape",
                trigger: ".o_form_view button[name=action_report_escape]",
                run: "click",
            },
            {
                content: "The escape happened some days ago",
                trigger: `${WIZARD} .o_field_widget[name=date_start] input`,
                run: `edit ${p.away_since}`,
            },
            {
                content: "Pursuit decision number",
                trigger: `${WIZARD} .o_field_widget[name=pursuit_decision_number] input`,
                run: `edit ${p.pursuit_number}`,
            },
            {
                content: "Pursuit decision date",
                trigger: `${WIZARD} .o_field_widget[name=pursuit_decision_date] input`,
                run: `edit ${p.pursuit_date}`,
            },
            {
                content: "Police unit notified",
                trigger: `${WIZARD} .o_field_widget[name=police_unit] input`,
                run: `edit ${p.police_unit}`,
            },
            {
                content: "Confirm",
                trigger: `${WIZARD} .modal-footer button[name=action_confirm]`,
                run: "click",
            },
            {
                trigger: "body:not(:has(.modal))",
            },
            {
                content: "The stay shows Absent",
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=absent]",
            },
            {
                content: "No escape can be reported while absent",
                trigger: ".o_form_view:not(:has(button[name=action_report_escape]))",
            },
            {
                content: "Record Return",
                trigger: ".o_form_view button[name=action_record_return]",
                run: "click",
            },
            {
                content: "The open escape is proposed",
                trigger: `${WIZARD} .o_field_widget[name=absence_id] input:value(${p.resident})`,
            },
            {
                content: "Brought back",
                trigger: `${WIZARD} .o_field_widget[name=return_kind] select`,
                run: 'select "brought_back"',
            },
            {
                content: "Record the return (back now)",
                trigger: `${WIZARD} .modal-footer button[name=action_confirm]`,
                run: "click",
            },
            {
                trigger: "body:not(:has(.modal))",
            },
            {
                content: "In rehab again",
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=in_rehab]",
            },
            {
                content: "The release date moved by the days away",
                trigger: `.o_form_view .o_field_widget[name=expected_release_date]:contains(${p.release_after})`,
            },
            {
                content: "The breakdown shows the ledger line of the escape",
                trigger: `.o_form_view .o_field_widget[name=release_breakdown] tbody tr:contains(${p.days_away}):contains(${p.release_after_dmy})`,
            },
            {
                content: "The escape is listed with its days away",
                trigger: ".o_form_view .o_notebook a.nav-link[name=absences]",
                run: "click",
            },
            {
                trigger: `.o_form_view .o_field_widget[name=absence_ids] .o_data_row td[name=days_away]:contains(${p.days_away})`,
            },
        ];
    },
});

// Wrong role: the intake officer sees the stay but not "Report Escape".
registry.category("web_tour.tours").add("rehab_security_wrong_role_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...openStaySteps(p.resident),
            {
                content: "The header is there: the intake officer's own buttons show",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_suspend]",
            },
            {
                content: "…but not Report Escape (security officers only)",
                trigger: "body:not(:has(button[name=action_report_escape]))",
            },
        ];
    },
});
