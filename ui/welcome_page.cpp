#include "welcome_page.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace taxo::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 36, 48, 36);
    auto* title = new QLabel(tr("<h1>Taxoscope</h1><p>Train, watch and question image classifiers of rare species.</p>"));
    title->setTextFormat(Qt::RichText);
    layout->addWidget(title);

    auto addButton = [&](const QString& text, void (WelcomePage::*signal)()) {
        auto* button = new QPushButton(text);
        button->setMinimumHeight(36);
        connect(button, &QPushButton::clicked, this, signal);
        layout->addWidget(button);
        return button;
    };
    addButton(tr("New project from a metadata.csv…"), &WelcomePage::newFromCsvRequested);
    addButton(tr("New project from a folder of class folders…"), &WelcomePage::newFromFolderRequested);
    addButton(tr("Open a project…"), &WelcomePage::openRequested);
    sample_ = addButton(tr("Open the sample project (rare species, 4 families)"), &WelcomePage::sampleRequested);
    sample_->setVisible(false);

    layout->addSpacing(16);
    layout->addWidget(new QLabel(tr("<b>Recent projects</b>")));
    recent_ = new QListWidget;
    connect(recent_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { Q_EMIT recentRequested(item->text()); });
    layout->addWidget(recent_, 1);
}

void WelcomePage::setRecentProjects(const QStringList& dirs) {
    recent_->clear();
    recent_->addItems(dirs);
}

void WelcomePage::setSampleAvailable(bool available) { sample_->setVisible(available); }

}  // namespace taxo::ui
