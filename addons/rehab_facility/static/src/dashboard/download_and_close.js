import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

/**
 * Client action of the report exports: download the file, confirm with a
 * notification and close the dialog (``params``: url, message).
 */
function downloadAndClose(env, action) {
    const { url, message } = action.params || {};
    if (url) {
        browser.location.assign(url);
    }
    if (message) {
        env.services.notification.add(message, { type: "success" });
    }
    return { type: "ir.actions.act_window_close" };
}

registry.category("actions").add("rehab_download_and_close", downloadAndClose);
