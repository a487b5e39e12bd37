#pragma once
namespace taxo::ui {
// Registers the icons (resources/taxoscope.qrc) compiled into this static library; idempotent.
void initResources();
}  // namespace taxo::ui
