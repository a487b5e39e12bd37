#pragma once
// `taxoscope --screenshot DIR`: renders each main view of a window to DIR/<view>.png (offscreen works), for the
// README and for tests that look at what a user would see.
#include <QStringList>

namespace taxo::ui {

class MainWindow;

// Returns the files written; empty when DIR cannot be written.
QStringList renderScreenshots(MainWindow& window, const QString& dir);

}  // namespace taxo::ui
