/** @odoo-module **/
/**
 * "New" on the Stays and Residents lists and cards opens the intake wizard
 * (search first, never a raw stay or person form); on a phone, the
 * incidents board shows one list of cards instead of one column per screen.
 */
import { registry } from "@web/core/registry";
import { listView } from "@web/views/list/list_view";
import { ListController } from "@web/views/list/list_controller";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { KanbanController } from "@web/views/kanban/kanban_controller";
import { utils as uiUtils } from "@web/core/ui/ui_service";

const INTAKE_ACTION = "rehab_facility.rehab_intake_wizard_action";

function openIntake(controller) {
    return controller.actionService.doAction(INTAKE_ACTION, {
        onClose: () => controller.model.root.load(),
    });
}

export class RehabIntakeListController extends ListController {
    async createRecord() {
        await openIntake(this);
    }
}

export class RehabIntakeKanbanController extends KanbanController {
    async createRecord() {
        await openIntake(this);
    }
}

registry.category("views").add("rehab_intake_list", {
    ...listView,
    Controller: RehabIntakeListController,
});

registry.category("views").add("rehab_intake_kanban", {
    ...kanbanView,
    Controller: RehabIntakeKanbanController,
});

// Grouped columns only where there is room for them.
registry.category("views").add("rehab_phone_kanban", {
    ...kanbanView,
    props(genericProps, view) {
        const props = kanbanView.props(genericProps, view);
        if (uiUtils.isSmall()) {
            props.defaultGroupBy = false;
        }
        return props;
    },
});
