/** @odoo-module **/
/*
 * The instructor's 35-trainee sheet on a 1280×800 tablet, in Vietnamese
 * (README, "Instructor tablet"): two screens at most, a sticky bar whose
 * counters follow the taps before anything is saved, a reason in one tap,
 * "Everyone present" with one trainee in hospital (left untouched), Confirm,
 * Lock. Run by tests/test_tablet_tour.py, which passes the session id, the
 * trainees' names and the reason's id in the start URL's query string.
 * Elements are found by stable attributes (field and button names, data-*
 * attributes), never by English text.
 */

import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

const PARAMS_KEY = "rehab_tablet_sheet_tour_params";

/** The start URL's parameters, kept across the tour's page reload. */
function tourParams() {
    const params = Object.fromEntries(new URLSearchParams(window.location.search));
    if (params.line_count) {
        window.sessionStorage.setItem(PARAMS_KEY, JSON.stringify(params));
        return params;
    }
    return JSON.parse(window.sessionStorage.getItem(PARAMS_KEY) || "{}");
}

const FORM = ".o_action_manager .o_form_view.o_rehab_attendance_form";
const SHEET = `${FORM} .o_rehab_attendance_sheet`;
const BAR = `${FORM} .o_rehab_sheet_bar`;

function row(name) {
    return `${SHEET} .o_data_row:has(td[name=resident_id]:contains("${name}"))`;
}

function counter(status, value) {
    return `${BAR} .o_rehab_count[data-status=${status}] .o_rehab_count_value:contains(/^${value}$/)`;
}

function scrollParent(el) {
    for (let node = el.parentElement; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) {
            return node;
        }
    }
    return document.scrollingElement;
}

/** All the rows within two screens; the sticky bar on screen. */
function checkTwoScreens(lines) {
    const rows = [...document.querySelectorAll(`${SHEET} .o_data_row`)];
    if (rows.length !== lines) {
        throw new Error(`${rows.length} rows on the sheet, expected ${lines}`);
    }
    const scroller = scrollParent(rows[0]);
    const top = scroller.getBoundingClientRect().top;
    const last = rows.at(-1).getBoundingClientRect().bottom - top + scroller.scrollTop;
    if (last > 2 * scroller.clientHeight) {
        throw new Error(
            `The ${lines} rows need ${Math.round(last)}px: more than two screens of ${scroller.clientHeight}px ` +
                `(first row at ${Math.round(rows[0].getBoundingClientRect().top - top)}px, rows of ${rows[0].offsetHeight}px)`
        );
    }
    const bar = document.querySelector(BAR).getBoundingClientRect();
    if (bar.bottom > window.innerHeight + 1 || bar.top < 0) {
        throw new Error(`The sticky bar is off screen (${bar.top}-${bar.bottom})`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
        throw new Error("The page scrolls sideways");
    }
}

registry.category("web_tour.tours").add("rehab_tablet_sheet_tour", {
    steps: () => {
        const p = tourParams();
        const lines = Number(p.line_count);
        return [
            {
                content: "The sheet is open, to mark",
                trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current[data-value=draft]`,
            },
            {
                content: "In Vietnamese",
                trigger: FORM,
                run: () => {
                    if (user.context.lang !== "vi_VN") {
                        throw new Error(`The interface is in ${user.context.lang}`);
                    }
                },
            },
            {
                content: "Everyone starts present: the bar counts them",
                trigger: counter("present", lines),
            },
            {
                content: `${lines} trainees within two screens, the bar on screen`,
                trigger: `${SHEET} .o_data_row:nth-child(${lines})`,
                run: () => checkTwoScreens(lines),
            },
            {
                content: `${p.reason_for}: tap Absent`,
                trigger: `${row(p.reason_for)} .o_selection_badge.o_rehab_status_absent:not(.active)`,
                run: "click",
            },
            {
                content: "The badge shows it at once",
                trigger: `${row(p.reason_for)} .o_rehab_status_absent.active`,
            },
            {
                content: "The reason is offered on the row: one tap, no row to open",
                trigger: `${row(p.reason_for)} select.o_rehab_reason_select`,
                run: `select ${p.reason_id}`,
            },
            {
                content: "An excusing reason makes the absence excused, counted live",
                trigger: `${row(p.reason_for)} .o_rehab_status_excused.active`,
            },
            {
                trigger: counter("excused", 1),
            },
            {
                content: `${p.away} (in hospital): tap Absent`,
                trigger: `${row(p.away)} .o_selection_badge.o_rehab_status_absent:not(.active)`,
                run: "click",
            },
            {
                content: "The counters follow at once, before any save",
                trigger: `${counter("absent", 1)}`,
            },
            {
                trigger: counter("present", lines - 2),
            },
            {
                content: "No row opened for editing: one tap each",
                trigger: `${SHEET}:not(:has(.o_selected_row))`,
            },
            {
                content: "Everyone present",
                trigger: `${BAR} button[name=action_mark_all_present]`,
                run: "click",
            },
            {
                content: "A notice names the trainee away, left as marked",
                trigger: `.o_notification .o_notification_content:contains("${p.away}")`,
            },
            {
                content: "Reload the page: the sheet as saved on the server",
                trigger: `${BAR} button[name=action_confirm]:not([disabled])`,
                run: () => window.location.reload(),
            },
            {
                content: "The excused one is present again (Everyone present)",
                trigger: counter("excused", 0),
            },
            {
                content: "Only the trainee away is still absent; everyone else present",
                trigger: counter("present", lines - 1),
            },
            {
                trigger: counter("absent", 1),
            },
            {
                content: "Confirm, in the sticky bar",
                trigger: `${BAR} button[name=action_confirm]`,
                run: "click",
            },
            {
                content: "Confirmed",
                trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current[data-value=confirmed]`,
            },
            {
                content: "The automatic lock date is shown",
                trigger: `${FORM} .o_rehab_sheet_autolock .o_field_widget[name=auto_lock_date]:contains(${p.auto_lock_date})`,
            },
            {
                content: "Lock",
                trigger: `${FORM} .o_statusbar_buttons button[name=action_lock]`,
                run: "click",
            },
            {
                content: "Confirm the lock",
                trigger: ".modal-footer .btn-primary",
                run: "click",
            },
            {
                content: "Locked: the notice and no badge to tap",
                trigger: `${FORM} .o_rehab_sheet_locked:not(.d-none) .o_field_widget[name=locked_by_id]`,
            },
            {
                trigger: `${SHEET}:not(:has(.o_selection_badge)):not(:has(select))`,
            },
            {
                content: "No Lock button any more, no error",
                trigger: `${FORM}:not(:has(button[name=action_lock])):not(:has(.o_form_dirty))`,
            },
            {
                trigger: "body:not(:has(.o_error_dialog))",
            },
        ];
    },
});
