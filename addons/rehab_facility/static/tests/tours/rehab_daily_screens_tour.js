/** @odoo-module **/
/*
 * Issue 16, the daily screens (README, "Intake desk" and "Security staff"),
 * run by tests/test_tours_daily_screens.py in the Vietnamese UI: every
 * element is found by its field, button or menu name, never by English text.
 * The test passes what to type and what to expect in the start URL's query.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function tourParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search));
}

const WIZARD = ".modal:has(.o_form_view)";
const NO_ERROR = "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))";

/** The cells of the row are shown in full: nothing cut off by an ellipsis. */
function assertNotCutOff() {
    for (const cell of this.anchor.querySelectorAll("td.o_data_cell")) {
        if (cell.scrollWidth > cell.clientWidth + 1) {
            throw new Error(`Cut-off column ${cell.getAttribute("name")}: ${cell.textContent}`);
        }
    }
}

function closeErrorSteps(content, text) {
    return [
        {
            content,
            trigger: `.o_error_dialog:contains(${text})`,
        },
        {
            trigger: ".modal:has(.o_error_dialog) .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ];
}

function wizardStep(step) {
    return {
        content: `The wizard is at step ${step}`,
        trigger: `${WIZARD} .o_statusbar_status button.o_arrow_button_current[data-value=${step}]`,
    };
}

function click(content, trigger) {
    return { content, trigger, run: "click" };
}

function edit(content, field, value) {
    return {
        content,
        trigger: `${WIZARD} .o_field_widget[name=${field}] input`,
        run: `edit ${value}`,
    };
}

// ------------------------------------------------------------------ intake
registry.category("web_tour.tours").add("rehab_intake_screens_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...stepUtils.goToAppSteps("rehab_facility.menu_rehab_root", "Open Rehab Facility"),
            // "New" on the Residents list opens the intake wizard.
            click(
                "Residents",
                ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_people']"
            ),
            click(
                "The Residents list",
                ".dropdown-item[data-menu-xmlid='rehab_facility.menu_rehab_residents']"
            ),
            click("New on Residents", ".o_control_panel .o_list_button_add"),
            wizardStep("search"),
            click("Close the wizard", ".modal .modal-header .btn-close"),
            { trigger: "body:not(:has(.modal))" },
            // "New" on the Stays list too.
            click(
                "Residents",
                ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_people']"
            ),
            click("Stays", ".dropdown-item[data-menu-xmlid='rehab_facility.menu_rehab_stays']"),
            click("New on Stays", ".o_control_panel .o_list_button_add"),
            wizardStep("search"),
            // A person in the facility now: stopped at once, with the stay.
            edit("The CCCD of a resident in the facility", "citizen_id", p.in_cccd),
            click("Search", `${WIZARD} .modal-footer button[name=action_search]`),
            ...closeErrorSteps("Refused at the search, naming the stay", p.in_stay),
            wizardStep("search"),
            // A new person with a name like a known one's.
            edit("A new CCCD", "citizen_id", p.cccd),
            edit("The full name", "name", p.name),
            edit("The date of birth", "birthdate", p.birthdate),
            click("Search", `${WIZARD} .modal-footer button[name=action_search]`),
            wizardStep("candidates"),
            {
                content: "The known person is listed in full: name, CCCD, birth, commune",
                trigger: `${WIZARD} .o_rehab_candidates .o_data_row:has(td[name=citizen_id]:contains(${p.cand_cccd})):has(td[name=birthdate]:contains(${p.cand_birthdate})):has(td[name=commune_id]:contains(${p.cand_commune}))`,
                run: assertNotCutOff,
            },
            {
                content: "…with the past stays",
                trigger: `${WIZARD} .o_rehab_candidates .o_data_row td[name=stay_summary]:contains(${p.cand_stay})`,
            },
            click("Back", `${WIZARD} .modal-footer button[name=action_back]`),
            wizardStep("search"),
            { content: "Back without error", trigger: NO_ERROR },
            click("Search again", `${WIZARD} .modal-footer button[name=action_search]`),
            wizardStep("candidates"),
            edit("Why this is someone else", "new_person_reason", p.reason),
            click("Continue", `${WIZARD} .modal-footer button[name=action_continue]`),
            wizardStep("details"),
            // Back from the admission step with the order and bed empty.
            click("Back (nothing typed yet)", `${WIZARD} .modal-footer button[name=action_back]`),
            wizardStep("candidates"),
            { content: "No 'invalid fields' error", trigger: `${NO_ERROR}:not(:has(.o_form_view .o_field_invalid))` },
            click("Continue", `${WIZARD} .modal-footer button[name=action_continue]`),
            wizardStep("details"),
            {
                content: "Order and bed come first: the compulsory order",
                trigger: `${WIZARD} .o_notebook .o_field_widget[name=order_kind] select`,
                run: 'select "compulsory_adult"',
            },
            edit("Court decision number", "decision_number", p.decision_number),
            edit("Court decision date", "decision_date", p.decision_date),
            edit("Deciding court", "decision_authority", p.court),
            {
                content: "The first fitting bed is proposed (the CCCD gave the sex)",
                trigger: `${WIZARD} .o_field_widget[name=bed_id] input:value("${p.bed}")`,
            },
            // A discipline bed is offered only when asked for, with a reason.
            click("Discipline or isolation area", `${WIZARD} .o_field_widget[name=special_area] input`),
            {
                trigger: `${WIZARD} .o_field_widget[name=special_area_reason] input`,
            },
            edit("Look for the discipline bed", "bed_id", p.special_bed_search),
            click("Pick it", `.o-autocomplete--dropdown-item a:contains("${p.special_bed}")`),
            { trigger: `${WIZARD} .o_field_widget[name=bed_id] input:value("${p.special_bed}")` },
            click("Confirm without a reason", `${WIZARD} .modal-footer button[name=action_confirm]`),
            ...closeErrorSteps("Refused: a reason is needed for that area", p.special_bed),
            click("Not that area after all", `${WIZARD} .o_field_widget[name=special_area] input`),
            {
                content: "The fitting bed is proposed again",
                trigger: `${WIZARD} .o_field_widget[name=bed_id] input:value("${p.bed}")`,
            },
            click("Confirm Intake", `${WIZARD} .modal-footer button[name=action_confirm]`),
            { content: "The wizard is closed", trigger: "body:not(:has(.modal))" },
            {
                content: "The stay is in rehab, in the proposed bed",
                trigger: `.o_form_view:has(.o_arrow_button_current[data-value=in_rehab]) .o_field_widget[name=current_bed_id]:contains("${p.bed}")`,
            },
            { trigger: NO_ERROR },
        ];
    },
});

// --------------------------------------------------------- security, phone
/** On a phone (the tour starts on /odoo/rehab-stays): the Stays are cards;
 * find ``resident``. */
function phoneStaySteps(resident) {
    return [
        {
            content: "On a phone the stays are cards, not a cut-off table",
            trigger: ".o_kanban_view .o_kanban_record",
        },
        { trigger: "body:not(:has(.o_list_view))" },
        click("Show the search", ".o_control_panel button:has(i.fa-search)"),
        {
            content: "Search the resident",
            trigger: ".o_control_panel .o_searchview_input",
            run: `edit ${resident}`,
        },
        { trigger: ".o_searchview_autocomplete .o_menu_item:first", run: "click" },
        {
            content: "Their card, the name first",
            trigger: `.o_kanban_view .o_kanban_record:not(.o_kanban_ghost):only .o_rehab_card_title:contains(${resident})`,
            run: "click",
        },
        {
            content: "The stay form",
            trigger: `.o_form_view .o_field_widget[name=resident_id]:contains(${resident})`,
        },
    ];
}

registry.category("web_tour.tours").add("rehab_security_phone_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...phoneStaySteps(p.resident),
            click("The stay's actions", ".o_control_panel .o_cp_action_menus button:has(i.fa-cog)"),
            click("Report Escape", ".dropdown-menu button[name=action_report_escape]"),
            edit("Away since", "date_start", p.away_since),
            edit("Pursuit decision number", "pursuit_decision_number", p.pursuit_number),
            {
                content: "No incident chosen: a new one is created in the same step",
                trigger: `${WIZARD} .o_field_widget[name=incident_id] input`,
                run() {
                    if (this.anchor.value) {
                        throw new Error(`An incident is already chosen: ${this.anchor.value}`);
                    }
                },
            },
            click("Confirm", `${WIZARD} .modal-footer button[name=action_confirm]`),
            { trigger: "body:not(:has(.modal))" },
            {
                content: "The stay is absent",
                trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current[data-value=absent]",
            },
            // The incidents, on a phone: one list of cards, not a column per screen.
            click("The phone menu", ".o_main_navbar a.o_menu_toggle"),
            click(
                "Incidents",
                ".o_app_menu_sidebar [data-menu-xmlid='rehab_facility.menu_rehab_incidents']"
            ),
            {
                content: "Cards without columns",
                trigger: ".o_kanban_view:not(:has(.o_kanban_group)) .o_kanban_renderer.o_kanban_ungrouped .o_kanban_record",
            },
            {
                content: "The new escape incident, draft, with its type first",
                trigger: `.o_kanban_view .o_kanban_record:has(.o_rehab_card_title:contains(${p.escape_type})):has(.o_field_widget[name=state]:contains(${p.draft_label}))`,
                run: "click",
            },
            click("Residents involved", ".o_form_view .o_notebook a.nav-link[name=participants]"),
            {
                content: "It lists the escapee",
                trigger: `.o_form_view .o_field_widget[name=participant_ids]:contains(${p.resident})`,
            },
            { trigger: NO_ERROR },
        ];
    },
});

// The fight the next day: an escaped resident cannot be its initiator.
registry.category("web_tour.tours").add("rehab_security_away_participant_tour", {
    steps: () => {
        const p = tourParams();
        return [
            ...stepUtils.goToAppSteps("rehab_facility.menu_rehab_root", "Open Rehab Facility"),
            click(
                "Security",
                ".o_main_navbar button[data-menu-xmlid='rehab_facility.menu_rehab_security']"
            ),
            click("Incidents", ".dropdown-item[data-menu-xmlid='rehab_facility.menu_rehab_incidents']"),
            click("New incident", ".o_control_panel .o-kanban-button-new"),
            {
                content: "A fight",
                trigger: ".o_form_view .o_field_widget[name=type_id] input",
                run: `edit ${p.fight_search}`,
            },
            click("Pick it", `.o-autocomplete--dropdown-item a:contains("${p.fight_type}")`),
            {
                content: "What happened",
                trigger: ".o_form_view .o_field_widget[name=description] textarea",
                run: "edit Đánh nhau ở nhà ăn.",
            },
            click("Residents involved", ".o_form_view .o_notebook a.nav-link[name=participants]"),
            click(
                "Add a line",
                ".o_form_view .o_field_widget[name=participant_ids] .o_field_x2many_list_row_add a"
            ),
            {
                content: "The escaped resident",
                trigger: ".o_form_view .o_field_widget[name=participant_ids] .o_data_row .o_field_widget[name=resident_id] input",
                run: `edit ${p.resident}`,
            },
            click("Pick them", `.o-autocomplete--dropdown-item a:contains("${p.resident}")`),
            {
                content: "As initiator",
                trigger: ".o_form_view .o_field_widget[name=participant_ids] .o_data_row .o_field_widget[name=role] select",
                run: 'select "initiator"',
            },
            click("Save", ".o_form_view .o_form_button_save"),
            ...closeErrorSteps("Refused: escaped since that day", p.escaped_since),
            click("Discard the refused incident", ".o_form_view .o_form_button_cancel"),
            { trigger: ".o_kanban_view" },
        ];
    },
});
