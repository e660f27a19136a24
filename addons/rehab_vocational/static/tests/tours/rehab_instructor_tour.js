/** @odoo-module **/
/*
 * Vocational instructor journey (README, "Vocational instructor"), on a
 * 1280×800 tablet: land on "My Sessions Today", open the session, tap two
 * residents absent, leave the others present, confirm. Run by
 * tests/test_tours.py, which creates the session of the day and passes the
 * class, the residents to mark absent and the sheet's size as query
 * parameters of the start URL (/odoo?klass=…).
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function tourParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search));
}

const SHEET = ".o_form_view .o_rehab_attendance_sheet";
const TABLET_WIDTH = 1280;

/** Fail the tour when the page or the sheet is wider than the tablet. */
function checkNoHorizontalScroll() {
    const page = document.documentElement;
    if (window.innerWidth > TABLET_WIDTH) {
        throw new Error(`The viewport is ${window.innerWidth}px wide, not a tablet's`);
    }
    if (page.scrollWidth > window.innerWidth) {
        throw new Error(
            `The page scrolls sideways: ${page.scrollWidth}px wide in a ${window.innerWidth}px window`
        );
    }
    const list = document.querySelector(`${SHEET} .o_list_renderer`);
    const table = list && list.querySelector("table");
    if (list && table && table.getBoundingClientRect().right > list.getBoundingClientRect().right + 1) {
        throw new Error(
            `The attendance sheet is cut on the right: the table is ${table.scrollWidth}px wide in ${list.clientWidth}px`
        );
    }
}

/** Tap the "Absent" badge of a resident's row, then see it is the one set. */
function markAbsentSteps(name) {
    return [
        {
            content: `Tap Absent for ${name}`,
            trigger: `${SHEET} .o_data_row:contains("${name}") .o_selection_badge.o_rehab_status_absent:not(.active)`,
            run: "click",
        },
        {
            content: `${name} is absent`,
            trigger: `${SHEET} .o_data_row:contains("${name}") .o_rehab_status_absent.active`,
        },
    ];
}

registry.category("web_tour.tours").add("rehab_instructor_tour", {
    steps: () => {
        const p = tourParams();
        const lines = Number(p.line_count);
        return [
            {
                content: "The instructor lands on My Sessions Today",
                trigger: ".o_action_manager .o_rehab_session_kanban",
            },
            {
                content: "Filtered on today",
                trigger: ".o_searchview .o_searchview_facet",
            },
            {
                content: "A tablet-sized window, nothing wider",
                trigger: `.o_rehab_session_kanban .o_kanban_record:contains("${p.klass}")`,
                run: checkNoHorizontalScroll,
            },
            {
                content: "Tap the session of the day",
                trigger: `.o_rehab_session_kanban .o_kanban_record:contains("${p.klass}")`,
                run: "click",
            },
            // The attendance sheet.
            {
                content: "The sheet is still to mark",
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=draft]",
            },
            {
                content: `Everyone enrolled is on the sheet (${lines})`,
                trigger: `${SHEET} tbody:has(.o_data_row:nth-child(${lines})):not(:has(.o_data_row:nth-child(${lines + 1})))`,
            },
            {
                content: "Everyone starts present",
                trigger: `${SHEET}:not(:has(.o_data_row .o_rehab_attendance_status .active:not(.o_rehab_status_present)))`,
            },
            {
                content: "The status badges can be tapped",
                trigger: `${SHEET} .o_data_row:first .o_selection_badge.o_rehab_status_present.active`,
            },
            ...markAbsentSteps(p.absent1),
            ...markAbsentSteps(p.absent2),
            {
                content: "One tap each: no row was opened for editing",
                trigger: `${SHEET}:not(:has(.o_selected_row))`,
            },
            {
                content: "The others are still present",
                trigger: `${SHEET} .o_data_row:contains("${p.absent2}") .o_rehab_status_absent.active`,
                run: () => {
                    const rows = [...document.querySelectorAll(`${SHEET} .o_data_row`)];
                    const active = rows.map(
                        (row) => row.querySelector(".o_rehab_attendance_status .active")?.classList
                    );
                    const absent = active.filter((c) => c?.contains("o_rehab_status_absent"));
                    const present = active.filter((c) => c?.contains("o_rehab_status_present"));
                    if (absent.length !== 2 || present.length !== lines - 2) {
                        throw new Error(
                            `Expected 2 absent and ${lines - 2} present, got ${absent.length} and ${present.length}`
                        );
                    }
                },
            },
            {
                content: "The sheet fits the tablet: no sideways scroll",
                trigger: `${SHEET} .o_data_row:contains("${p.absent2}") .o_rehab_status_absent.active`,
                run: checkNoHorizontalScroll,
            },
            {
                content: "Confirm Attendance",
                trigger: ".o_form_view button[name=action_confirm]",
                run: "click",
            },
            {
                content: "The sheet is confirmed",
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
            },
            {
                content: "Saved: 2 absent",
                trigger: `.o_form_view:not(:has(.o_form_dirty)) .o_field_widget[name=absent_count]:contains(2)`,
            },
            {
                content: `…and ${lines - 2} present`,
                trigger: `.o_form_view .o_field_widget[name=present_count]:contains(${lines - 2})`,
            },
            {
                content: "No error",
                trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))",
            },
            // Nothing of the facility's legal, medical or security files.
            stepUtils.showAppsMenuItem(),
            {
                content: "The apps menu lists Vocational Training",
                trigger: ".o-dropdown--menu .o_app[data-menu-xmlid='rehab_vocational.menu_vocational_root']",
            },
            {
                content: "…but not Rehab Facility (residents' files, security, medical)",
                trigger: "body:not(:has(.o_app[data-menu-xmlid='rehab_facility.menu_rehab_root']))",
            },
            {
                content: "No Security menu anywhere",
                trigger: "body:not(:has([data-menu-xmlid='rehab_facility.menu_rehab_security']))",
            },
        ];
    },
});

// Wrong role: an auditor or a security officer has no attendance sheets.
registry.category("web_tour.tours").add("rehab_instructor_wrong_role_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "The apps menu is open and lists the user's apps",
            trigger: ".o-dropdown--menu .o_app[data-menu-xmlid='rehab_facility.menu_rehab_root']",
        },
        {
            content: "Vocational Training is not among them",
            trigger:
                "body:not(:has(.o_app[data-menu-xmlid='rehab_vocational.menu_vocational_root']))",
        },
    ],
});
