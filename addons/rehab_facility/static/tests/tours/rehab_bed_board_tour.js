/** @odoo-module **/
/*
 * The bed board (README, "Intake desk"): every open area column shows its
 * beds and occupants, loaded together by the rehab_board view. Run by
 * tests/test_bed_board.py, which passes the first and the last open column's
 * area, one bed of each and its occupant as query parameters of the start URL.
 */

import { registry } from "@web/core/registry";

function tourParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search));
}

function column(area) {
    return `.o_kanban_renderer .o_kanban_group:has(.o_column_title:contains("${area}"))`;
}

registry.category("web_tour.tours").add("rehab_bed_board_tour", {
    steps: () => {
        const p = tourParams();
        return [
            {
                content: "The first area's column shows its bed and occupant",
                trigger: `${column(p.first_area)} .o_kanban_record:contains("${p.first_bed}"):contains("${p.first_occupant}")`,
            },
            {
                content: "The last open column shows its bed too",
                trigger: `${column(p.last_area)} .o_kanban_record:contains("${p.last_bed}")`,
            },
            {
                content: "The colour bar of the first column is there",
                trigger: `${column(p.first_area)} .o_column_progress`,
            },
        ];
    },
});
