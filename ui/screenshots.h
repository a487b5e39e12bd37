#pragma once
// `taxoscope --screenshot DIR`: renders each main view of a window to DIR/<view>.png (offscreen works), for the
// README and for tests that look at what a user would see. The browser is grabbed once its visible thumbnails
// and the details photo are loaded (or a timeout passed); the details panel is also written alone (details.png), and a
// page holding a "subviews" tab widget (the results) gives one file per sub-view.
#include <QStringList>

namespace taxo::ui {

class MainWindow;

// Returns the files written; empty when DIR cannot be written. waitMs bounds each wait for thumbnails (ms).
QStringList renderScreenshots(MainWindow& window, const QString& dir, int waitMs = 20000);

}  // namespace taxo::ui
