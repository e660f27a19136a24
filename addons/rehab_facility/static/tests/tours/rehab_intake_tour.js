/** @odoo-module **/
/*
 * Intake desk journey (README, "Intake desk"), run by tests/test_tours.py.
 *
 * The test passes the data the officer types and what the screen must show
 * as query parameters of the start URL (/odoo?cccd=…&name=…); they are read
 * when the tour starts, before the web client leaves that URL.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function tourParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search));
}

const WIZARD = ".modal:has(.o_form_view)";

registry.category("web_tour.tours").add("rehab_intake_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...stepUtils.goToAppSteps("rehab_facility.menu_rehab_root", "Open Rehab Facility"),
            {
                content: "Open the Intake menu",
                trigger: ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_intake']",
                run: "click",
            },
            {
                content: "Receive a Person",
                trigger: ".dropdown-item[data-menu-xmlid='rehab_facility.menu_rehab_intake_wizard']",
                run: "click",
            },
            // Step 1: who is this person?
            {
                content: "Type the citizen ID (CCCD)",
                trigger: `${WIZARD} .o_field_widget[name=citizen_id] input`,
                run: `edit ${p.cccd}`,
            },
            {
                content: "Type the full name",
                trigger: `${WIZARD} .o_field_widget[name=name] input`,
                run: `edit ${p.name}`,
            },
            {
                content: "Type the date of birth",
                trigger: `${WIZARD} .o_field_widget[name=birthdate] input`,
                run: `edit ${p.birthdate}`,
            },
            {
                content: "Choose the sex",
                trigger: `${WIZARD} .o_field_widget[name=sex] select`,
                run: `select "${p.sex}"`,
            },
            {
                content: "Search",
                trigger: `${WIZARD} .modal-footer button[name=action_search]`,
                run: "click",
            },
            // Nobody known: straight to the admission details.
            {
                content: "No possible match: the wizard goes to the admission step",
                trigger: `${WIZARD} .o_statusbar_status button.o_arrow_button_current[data-value=details]`,
            },
            {
                trigger: `${WIZARD}:not(:has(.o_field_widget[name=candidate_ids]))`,
            },
            {
                content: "Open the Person page",
                trigger: `${WIZARD} .o_notebook a.nav-link[name=person]`,
                run: "click",
            },
            {
                content: "The person's data are carried over",
                trigger: `${WIZARD} .o_notebook .o_field_widget[name=citizen_id] input:value(${p.cccd})`,
            },
            {
                content: "Open the Order page",
                trigger: `${WIZARD} .o_notebook a.nav-link[name=order]`,
                run: "click",
            },
            {
                content: "Compulsory rehab (adult)",
                trigger: `${WIZARD} .o_field_widget[name=order_kind] select`,
                run: 'select "compulsory_adult"',
            },
            {
                content: "Court decision number",
                trigger: `${WIZARD} .o_field_widget[name=decision_number] input`,
                run: `edit ${p.decision_number}`,
            },
            {
                content: "Court decision date",
                trigger: `${WIZARD} .o_field_widget[name=decision_date] input`,
                run: `edit ${p.decision_date}`,
            },
            {
                content: "Deciding court",
                trigger: `${WIZARD} .o_field_widget[name=decision_authority] input`,
                run: `edit ${p.court}`,
            },
            {
                content: "The order in force on the decision date is Law 120/2025's",
                trigger: `${WIZARD} .o_field_widget[name=order_type_id]:contains(120/2025)`,
            },
            {
                content: "Its default term is 24 months",
                trigger: `${WIZARD} .o_field_widget[name=term_months] input:value(24)`,
            },
            {
                content: "Look for a free bed that fits",
                trigger: `${WIZARD} .o_field_widget[name=bed_id] input`,
                run: `edit ${p.bed_search}`,
            },
            {
                content: "Pick it",
                trigger: `.o-autocomplete--dropdown-item a:contains("${p.bed}")`,
                run: "click",
            },
            {
                trigger: `${WIZARD} .o_field_widget[name=bed_id] input:value("${p.bed}")`,
            },
            {
                content: "Confirm Intake",
                trigger: `${WIZARD} .modal-footer button[name=action_confirm]`,
                run: "click",
            },
            // The stay form of the new resident.
            {
                content: "The wizard is closed",
                trigger: "body:not(:has(.modal))",
            },
            {
                content: "The stay is in rehab",
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=in_rehab]",
            },
            {
                trigger: `.o_form_view .o_field_widget[name=resident_id]:contains(${p.name})`,
            },
            {
                content: "In the bed chosen at intake",
                trigger: `.o_form_view .o_field_widget[name=current_bed_id]:contains("${p.bed}")`,
            },
            {
                content: "Expected release date: admission + 24 months",
                trigger: `.o_form_view .o_field_widget[name=expected_release_date]:contains(${p.release})`,
            },
            {
                content: "The breakdown says why",
                trigger: `.o_form_view .o_field_widget[name=release_breakdown] tfoot:contains(${p.release_dmy})`,
            },
            {
                content: "Print the reception minutes",
                trigger: ".o_form_view button[name=action_print_reception_minutes]",
                run: "click",
            },
            {
                content: "Still on the stay, no error",
                trigger: ".o_form_view:not(:has(.o_form_dirty)) .o_field_widget[name=release_breakdown]",
            },
            {
                trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))",
            },
        ];
    },
});

// Wrong role: a vocational instructor has no Rehab Facility app.
registry.category("web_tour.tours").add("rehab_intake_wrong_role_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "The apps menu is open and lists the user's apps",
            trigger: ".o-dropdown--menu .dropdown-item.o_app",
        },
        {
            content: "Rehab Facility is not among them",
            trigger:
                "body:not(:has(.o_app[data-menu-xmlid='rehab_facility.menu_rehab_root']))",
        },
    ],
});
