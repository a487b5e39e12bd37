#include "resources_init.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be called outside a namespace; referencing it also keeps the linker from dropping the
// resource object out of the static library.
static void initTaxoscopeResources() { Q_INIT_RESOURCE(taxoscope); }

namespace taxo::ui {
void initResources() {
    static const bool once = (initTaxoscopeResources(), true);
    (void)once;
}
}  // namespace taxo::ui
