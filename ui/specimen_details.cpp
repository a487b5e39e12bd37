#include "specimen_details.h"

#include <algorithm>

#include <QCompleter>
#include <QEvent>
#include <QEventLoop>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStringListModel>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/data/image_io.h"
#include "core/store/project_store.h"
#include "specimen_list_model.h"

namespace taxo::ui {

SpecimenDetails::SpecimenDetails(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll);
    auto* body = new QWidget;
    scroll->setWidget(body);
    auto* layout = new QVBoxLayout(body);

    title_ = new QLabel(tr("No specimen selected"));
    title_->setTextFormat(Qt::RichText);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    photo_ = new QLabel;
    photo_->setAlignment(Qt::AlignCenter);
    photo_->setMinimumHeight(260);
    photo_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    photo_->installEventFilter(this);
    layout->addWidget(photo_);

    auto* factsBox = new QWidget;
    facts_ = new QFormLayout(factsBox);
    facts_->setContentsMargins(0, 0, 0, 0);
    taxonomy_ = new QLabel;
    taxonomy_->setWordWrap(true);
    taxonomy_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    part_ = new QLabel;
    path_ = new QLabel;
    path_->setWordWrap(true);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    facts_->addRow(tr("Taxonomy:"), taxonomy_);
    facts_->addRow(tr("Split part:"), part_);
    facts_->addRow(tr("Photo:"), path_);
    layout->addWidget(factsBox);

    auto* labelBox = new QGroupBox(tr("Label"));
    auto* labelLayout = new QVBoxLayout(labelBox);
    selection_ = new QLabel;
    labelLayout->addWidget(selection_);
    auto* editRow = new QHBoxLayout;
    labelEdit_ = new QLineEdit;
    labelEdit_->setPlaceholderText(tr("Family label, e.g. chordata_ardeidae"));
    labels_ = new QStringListModel(this);
    auto* completer = new QCompleter(labels_, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    labelEdit_->setCompleter(completer);
    apply_ = new QPushButton(QIcon(":/icons/relabel.svg"), tr("Relabel"));
    apply_->setToolTip(tr("Give the selected specimens this label"));
    editRow->addWidget(labelEdit_, 1);
    editRow->addWidget(apply_);
    labelLayout->addLayout(editRow);
    auto* buttons = new QHBoxLayout;
    // Short captions keep the panel narrow; the tooltips say the rest.
    exclude_ = new QPushButton(QIcon(":/icons/exclude.svg"), tr("Exclude (X)"));
    accept_ = new QPushButton(QIcon(":/icons/accept.svg"), tr("Accept (Enter)"));
    exclude_->setToolTip(tr("Exclude the selected specimens from training and evaluation, or include them again"));
    accept_->setToolTip(tr("Relabel the selected specimens with the model's first suggestion"));
    buttons->addWidget(exclude_);
    buttons->addWidget(accept_);
    labelLayout->addLayout(buttons);
    layout->addWidget(labelBox);
    connect(apply_, &QPushButton::clicked, this, [this] { Q_EMIT relabelRequested(labelEdit_->text()); });
    connect(labelEdit_, &QLineEdit::returnPressed, this, [this] { Q_EMIT relabelRequested(labelEdit_->text()); });
    connect(exclude_, &QPushButton::clicked, this, &SpecimenDetails::excludeToggled);
    connect(accept_, &QPushButton::clicked, this, &SpecimenDetails::acceptSuggestionRequested);

    auto* topBox = new QGroupBox(tr("Model's top 5"));
    auto* topLayout = new QVBoxLayout(topBox);
    topNone_ = new QLabel(tr("No predictions: train a model or choose a run."));
    topNone_->setWordWrap(true);
    top_ = new QTableWidget(0, 2);
    top_->setHorizontalHeaderLabels({tr("Family"), tr("Probability")});
    top_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    top_->verticalHeader()->hide();
    top_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    top_->setSelectionMode(QAbstractItemView::NoSelection);
    topLayout->addWidget(topNone_);
    topLayout->addWidget(top_);
    layout->addWidget(topBox);

    auto* historyBox = new QGroupBox(tr("Label history"));
    auto* historyLayout = new QVBoxLayout(historyBox);
    history_ = new QTreeWidget;
    history_->setRootIsDecorated(false);
    history_->setHeaderLabels({tr("When (UTC)"), tr("Label"), tr("Excluded"), tr("Note")});
    history_->setMinimumHeight(120);
    historyLayout->addWidget(history_);
    layout->addWidget(historyBox);
    layout->addStretch(1);

    connect(&watcher_, &QFutureWatcher<std::pair<QImage, QString>>::finished, this, [this] {
        const auto [image, error] = watcher_.result();
        showPhoto(image, error);
    });
    showSpecimen(0, 0, {}, 0);
}

QString SpecimenDetails::noPredictionsText() const { return topNone_->isVisibleTo(this) ? topNone_->text() : QString(); }

QString SpecimenDetails::noPredictionsReason(Part part, bool excluded) const {
    bool anyRun = false;
    if (store_) {
        if (auto runs = store_->listRuns())
            anyRun = std::any_of(runs->begin(), runs->end(), [](const RunInfo& r) { return r.status == RunStatus::Finished; });
    }
    // Runs predict only their validation and test parts: say which of the reasons applies rather than leave a blank.
    if (!anyRun) return tr("No predictions: no run yet. Train a model on the Training page.");
    if (excluded) return tr("No predictions: this photo is excluded from training and evaluation.");
    switch (part) {
    case Part::Train: return tr("No predictions: this photo is in the training part, and runs predict only their validation and test parts.");
    case Part::Unassigned: return tr("No predictions: this photo is in no part of the split (split the project again to include it).");
    case Part::Val:
    case Part::Test: break;
    }
    return tr("No predictions from the chosen run for this photo: choose a run in the menu above the grid.");
}

void SpecimenDetails::setStore(ProjectStore* store) {
    store_ = store;
    showSpecimen(0, 0, {}, 0);
}

void SpecimenDetails::setKnownLabels(const QStringList& labels) { labels_->setStringList(labels); }

void SpecimenDetails::showSpecimen(std::int64_t id, int part, const QString& topJson, int selectedCount) {
    id_ = id;
    ++generation_;
    suggestion_.clear();
    const bool any = id != 0 && store_;
    for (QWidget* w : std::initializer_list<QWidget*>{labelEdit_, apply_, exclude_, accept_}) w->setEnabled(any);
    history_->clear();
    top_->setRowCount(0);
    selection_->setText(selectedCount > 1 ? tr("%n specimens selected; changes apply to all of them.", nullptr, selectedCount)
                                          : QString());
    selection_->setVisible(selectedCount > 1);
    if (!any) {
        title_->setText(tr("No specimen selected"));
        photo_->clear();
        photoImage_ = QImage();
        taxonomy_->clear();
        part_->clear();
        path_->clear();
        topNone_->setText(tr("No predictions: no specimen selected."));
        topNone_->show();
        top_->hide();
        photoPending_ = false;
        return;
    }
    auto specimen = store_->specimen(id);
    if (!specimen) {
        title_->setText(QString::fromStdString(specimen.error().message).toHtmlEscaped());
        return;
    }
    const Specimen& s = *specimen;
    const QString label = QString::fromStdString(s.label);
    const QString name = QString::fromStdString(s.taxonomy.commonName.empty() ? s.taxonomy.scientificName : s.taxonomy.commonName);
    title_->setText(QStringLiteral("<h3>%1%2</h3><span>#%3%4</span>")
                        .arg(label.toHtmlEscaped(), s.excluded ? tr(" (excluded)") : QString())
                        .arg(s.id)
                        .arg(name.isEmpty() ? QString() : QStringLiteral(" · ") + name.toHtmlEscaped()));
    QStringList ranks;
    for (const char* rank : {"kingdom", "phylum", "class", "order", "family", "genus", "species"}) {
        const std::string value = s.taxonomy.rank(rank);
        if (!value.empty()) ranks << QString::fromStdString(value);
    }
    taxonomy_->setText(ranks.join(QStringLiteral(" › ")));
    part_->setText(SpecimenListModel::partTitle(Part(part)));
    path_->setText(QString::fromStdString(s.absolutePath.empty() ? s.filePath : s.absolutePath));
    labelEdit_->setText(label);

    if (auto history = store_->labelHistory(id)) {
        for (auto it = history->rbegin(); it != history->rend(); ++it) {  // newest first
            auto* item = new QTreeWidgetItem(history_);
            item->setText(0, QString::fromStdString(it->changedAt).replace('T', ' ').left(19));
            item->setText(1, it->oldLabel && *it->oldLabel != it->newLabel
                                 ? QStringLiteral("%1 → %2").arg(QString::fromStdString(*it->oldLabel), QString::fromStdString(it->newLabel))
                                 : QString::fromStdString(it->newLabel));
            item->setText(2, it->newExcluded ? tr("yes") : tr("no"));
            item->setText(3, QString::fromStdString(it->note));
            item->setToolTip(3, item->text(3));
        }
        history_->resizeColumnToContents(0);
    }

    const QJsonArray top = QJsonDocument::fromJson(topJson.toUtf8()).array();
    if (top.isEmpty()) topNone_->setText(noPredictionsReason(Part(part), s.excluded));
    topNone_->setVisible(top.isEmpty());
    top_->setVisible(!top.isEmpty());
    for (int i = 0; i < std::min<int>(5, int(top.size())); ++i) {
        const QJsonObject entry = top.at(i).toObject();
        const QString predicted = entry.value("label").toString();
        if (i == 0) suggestion_ = predicted;
        top_->insertRow(i);
        auto* name = new QTableWidgetItem(predicted);
        if (predicted == label) name->setIcon(QIcon(":/icons/accept.svg"));
        top_->setItem(i, 0, name);
        auto* bar = new QProgressBar;
        bar->setRange(0, 1000);
        bar->setValue(qRound(entry.value("p").toDouble() * 1000));
        bar->setFormat(QStringLiteral("%1%").arg(entry.value("p").toDouble() * 100, 0, 'f', 1));
        top_->setCellWidget(i, 1, bar);
    }
    accept_->setEnabled(!suggestion_.isEmpty() && suggestion_ != label);
    // As tall as its rows: no empty table under two or three suggestions.
    int height = top_->horizontalHeader()->height() + 2 * top_->frameWidth();
    for (int r = 0; r < top_->rowCount(); ++r) height += top_->rowHeight(r);
    top_->setFixedHeight(height);

    photoPending_ = true;
    photoImage_ = QImage();
    photo_->setText(tr("Loading photo…"));
    const std::string path = s.absolutePath.empty() ? s.filePath : s.absolutePath;
    const quint64 generation = generation_;
    // Decoding a full photo takes tens of milliseconds: off the GUI thread; a stale result is ignored.
    watcher_.setFuture(QtConcurrent::run([path, generation]() -> std::pair<QImage, QString> {
        DecodeOptions options;
        options.targetShortSide = kPhotoShortSide;
        auto mat = decodeImage(path, options);
        if (!mat) return {QImage(), QString::fromStdString(mat.error().message)};
        QImage image = QImage(mat->data, mat->cols, mat->rows, int(mat->step), QImage::Format_RGB888).copy();
        image.setText("generation", QString::number(generation));
        return {image, QString()};
    }));
}

void SpecimenDetails::showPhoto(const QImage& image, const QString& error) {
    if (!image.isNull() && image.text("generation") != QString::number(generation_)) return;
    photoPending_ = false;
    if (image.isNull()) {
        photo_->setText(error.isEmpty() ? tr("No photo") : error);
        return;
    }
    photoImage_ = image;
    fitPhoto();
}

void SpecimenDetails::fitPhoto() {
    if (photoImage_.isNull()) return;
    // Never wider than the panel (a wider pixmap would be cropped), never upscaled.
    const QSize box(qMin(photo_->contentsRect().width(), photoImage_.width()), qMin(360, photoImage_.height()));
    if (box.width() < 16) return;
    photo_->setPixmap(QPixmap::fromImage(photoImage_.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

bool SpecimenDetails::eventFilter(QObject* watched, QEvent* event) {
    if (watched == photo_ && event->type() == QEvent::Resize) fitPhoto();
    return QWidget::eventFilter(watched, event);
}

bool SpecimenDetails::waitForPhoto(int timeoutMs) {
    if (!photoPending_) return true;
    QEventLoop loop;
    connect(&watcher_, &QFutureWatcher<std::pair<QImage, QString>>::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return !photoPending_;
}

}  // namespace taxo::ui
