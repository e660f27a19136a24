/** @odoo-module **/
/**
 * A kanban board whose open columns load in one call (the bed board).
 *
 * Grouped, the relational model loads each open column with its own
 * ``web_search_read``. This model gathers the loads started in one go (the
 * columns of one screen) and sends them together to the model's
 * ``web_search_read_columns`` (rehab.board.mixin): the number of requests
 * and queries no longer grows with the number of columns.
 */
import { registry } from "@web/core/registry";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { RelationalModel } from "@web/model/relational_model/relational_model";
import { getFieldsSpec } from "@web/model/relational_model/utils";
import { orderByToString } from "@web/search/utils/order_by";

export class RehabBoardModel extends RelationalModel {
    setup() {
        super.setup(...arguments);
        this._pendingColumns = null;
    }

    /**
     * Queue the request; the queue is sent once the current loop of column
     * loads is done (a microtask later).
     */
    _loadUngroupedList(config) {
        if (!this._pendingColumns) {
            this._pendingColumns = [];
            Promise.resolve().then(() => this._sendColumns());
        }
        return new Promise((resolve, reject) => {
            this._pendingColumns.push({ config, resolve, reject });
        });
    }

    async _sendColumns() {
        const pending = this._pendingColumns;
        this._pendingColumns = null;
        // One call per distinct model and specification (normally one).
        const batches = new Map();
        for (const item of pending) {
            const { config } = item;
            const specification = getFieldsSpec(
                config.activeFields,
                config.fields,
                config.context
            );
            const key = JSON.stringify([config.resModel, specification]);
            if (!batches.has(key)) {
                batches.set(key, { config, specification, items: [] });
            }
            batches.get(key).items.push(item);
        }
        for (const { config, specification, items } of batches.values()) {
            const requests = items.map(({ config }) => ({
                domain: config.domain,
                offset: config.offset,
                limit: config.limit,
                order: orderByToString(config.orderBy.filter((o) => o.name !== "__count")),
                count_limit:
                    config.countLimit !== Number.MAX_SAFE_INTEGER
                        ? config.countLimit + 1
                        : undefined,
            }));
            const context = { bin_size: true, ...config.context };
            for (const key of Object.keys(context)) {
                if (key.startsWith("default_")) {
                    delete context[key]; // the column's own value, not the board's
                }
            }
            try {
                const results = await this.orm.call(
                    config.resModel,
                    "web_search_read_columns",
                    [requests, specification],
                    { context }
                );
                items.forEach((item, index) => item.resolve(results[index]));
            } catch (error) {
                items.forEach((item) => item.reject(error));
            }
        }
    }
}

export const rehabBoardView = {
    ...kanbanView,
    Model: RehabBoardModel,
};

registry.category("views").add("rehab_board", rehabBoardView);
