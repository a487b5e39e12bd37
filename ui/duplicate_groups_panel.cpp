#include "duplicate_groups_panel.h"

#include <QDoubleSpinBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QListView>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/data/specimen.h"
#include "review_models.h"
#include "specimen_list_model.h"
#include "thumbnail_loader.h"

namespace taxo::ui {
namespace {

const QColor kStraddleColor(200, 40, 40);
const QColor kConflictColor(220, 130, 0);

QString partText(int part) { return SpecimenListModel::partTitle(Part(part)); }

}  // namespace

QSize DuplicateGroupDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const int members = index.data(DuplicateGroupsModel::MemberIdsRole).toList().size();
    const int line = option.fontMetrics.height();
    return {kSummaryWidth + members * kTileWidth + 12, kThumb + 3 * line + 16};
}

void DuplicateGroupDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    const QRect r = option.rect.adjusted(2, 2, -2, -2);
    const bool selected = option.state & QStyle::State_Selected;
    painter->fillRect(option.rect, selected ? option.palette.highlight().color().lighter(170) : option.palette.base().color());
    const bool straddles = index.data(DuplicateGroupsModel::StraddlesRole).toBool();
    const bool conflict = index.data(DuplicateGroupsModel::ConflictingLabelsRole).toBool();
    if (straddles || conflict) {
        painter->setPen(QPen(straddles ? kStraddleColor : kConflictColor, 3));
        painter->drawRect(r.adjusted(1, 1, -1, -1));
    }
    const int line = option.fontMetrics.height();
    // Summary: which group, how alike, and what is wrong with it.
    QRect text(r.left() + 8, r.top() + 6, kSummaryWidth - 16, line);
    painter->setPen(option.palette.text().color());
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, tr("Group %1").arg(index.row() + 1));
    painter->setFont(option.font);
    text.translate(0, line + 2);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                      tr("cosine %1").arg(QLocale().toString(index.data(DuplicateGroupsModel::SimilarityRole).toDouble(), 'f', 3)));
    if (straddles) {
        text.translate(0, line + 2);
        painter->setPen(kStraddleColor);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, tr("straddles the split"));
    }
    if (conflict) {
        text.translate(0, line + 2);
        painter->setPen(kConflictColor);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, tr("labels disagree"));
    }

    const QVariantList ids = index.data(DuplicateGroupsModel::MemberIdsRole).toList();
    const QStringList labels = index.data(DuplicateGroupsModel::MemberLabelsRole).toStringList();
    const QVariantList parts = index.data(DuplicateGroupsModel::MemberPartsRole).toList();
    const QVariantList excluded = index.data(DuplicateGroupsModel::MemberExcludedRole).toList();
    const QStringList keys = index.data(DuplicateGroupsModel::MemberKeysRole).toStringList();
    const QStringList paths = index.data(DuplicateGroupsModel::MemberPathsRole).toStringList();
    for (int i = 0; i < ids.size(); ++i) {
        const QRect tile(r.left() + kSummaryWidth + i * kTileWidth, r.top() + 6, kTileWidth - 8, r.height() - 12);
        const QRect box(tile.left() + (tile.width() - kThumb) / 2, tile.top(), kThumb, kThumb);
        QImage image;
        if (loader_ && !keys.value(i).isEmpty()) {
            image = loader_->cached(keys[i]);
            if (image.isNull() && !loader_->failed(keys[i])) loader_->request(keys[i], paths.value(i));
        }
        if (image.isNull()) {
            painter->fillRect(box, option.palette.alternateBase());
        } else {
            const QImage scaled = image.scaled(box.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
            painter->drawImage(box.left() + (kThumb - scaled.width()) / 2, box.top() + (kThumb - scaled.height()) / 2, scaled);
        }
        const bool out = excluded.value(i).toBool();
        if (out) painter->fillRect(box, QColor(255, 255, 255, 150));
        painter->setPen(option.palette.text().color());
        QRect caption(tile.left(), box.bottom() + 4, tile.width(), line);
        const QString family = option.fontMetrics.elidedText(labels.value(i), Qt::ElideMiddle, tile.width());
        QFont f = option.font;
        f.setStrikeOut(out);
        painter->setFont(f);
        painter->drawText(caption, Qt::AlignHCenter | Qt::AlignVCenter, family);
        painter->setFont(option.font);
        caption.translate(0, line);
        const bool otherPart = parts.value(i).toInt() != parts.value(0).toInt();
        if (straddles && otherPart) painter->setPen(kStraddleColor);
        painter->drawText(caption, Qt::AlignHCenter | Qt::AlignVCenter,
                          out ? tr("%1 · #%2 · excluded").arg(partText(parts.value(i).toInt())).arg(ids[i].toLongLong())
                              : tr("%1 · #%2").arg(partText(parts.value(i).toInt())).arg(ids[i].toLongLong()));
        painter->setPen(option.palette.text().color());
    }
    painter->restore();
}

DuplicateGroupsPanel::DuplicateGroupsPanel(DuplicateGroupsModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    threshold_ = new QDoubleSpinBox;
    threshold_->setRange(0.80, 0.999);
    threshold_->setDecimals(3);
    threshold_->setSingleStep(0.005);
    threshold_->setValue(NearDuplicateParams{}.threshold);
    threshold_->setPrefix(tr("cosine ≥ "));
    threshold_->setToolTip(tr("How alike two photos' embeddings must be to count as near-duplicates (1 = identical)"));
    find_ = new QPushButton(tr("Find near-duplicates"));
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    bar->addWidget(threshold_);
    bar->addWidget(find_);
    bar->addWidget(summary_, 1);
    layout->addLayout(bar);

    stack_ = new QStackedWidget;
    empty_ = new QLabel;
    empty_->setObjectName("emptyState");
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setMargin(24);
    extract_ = new QPushButton(tr("Extract features and find near-duplicates"));
    auto* emptyPage = new QWidget;
    auto* emptyLayout = new QVBoxLayout(emptyPage);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(empty_);
    emptyLayout->addWidget(extract_, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    stack_->addWidget(emptyPage);

    auto* splitter = new QSplitter(Qt::Vertical);
    delegate_ = new DuplicateGroupDelegate(this);
    view_ = new QListView;
    view_->setModel(model_);
    view_->setItemDelegate(delegate_);
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    splitter->addWidget(view_);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    cards_ = new QWidget;
    cardsLayout_ = new QHBoxLayout(cards_);
    cardsLayout_->setAlignment(Qt::AlignLeft);
    scroll->setWidget(cards_);
    scroll->setMinimumHeight(ThumbnailLoader::kDefaultSize + 110);  // one card: photo, caption, button
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 300});
    stack_->addWidget(splitter);
    layout->addWidget(stack_, 1);

    connect(find_, &QPushButton::clicked, this, [this] { Q_EMIT findRequested(threshold_->value()); });
    connect(extract_, &QPushButton::clicked, this, [this] { Q_EMIT extractRequested(threshold_->value()); });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, &DuplicateGroupsPanel::refreshCards);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        if (model_->rowCount() > 0) view_->setCurrentIndex(model_->index(0));
        refreshCards();
    });
    connect(model_, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from) {
        if (from.row() == view_->currentIndex().row()) refreshCards();
    });
    setEmptyText(QString());
}

void DuplicateGroupsPanel::setThumbnailLoader(ThumbnailLoader* loader) {
    loader_ = loader;
    delegate_->setThumbnailLoader(loader);
    if (loader_) connect(loader_, &ThumbnailLoader::thumbnailReady, view_->viewport(), [this] {
        view_->viewport()->update();
        refreshCards();
    });
}

void DuplicateGroupsPanel::setEmptyText(const QString& text, bool offerExtraction) {
    empty_->setText(text);
    extract_->setVisible(offerExtraction);
    stack_->setCurrentIndex(text.isEmpty() ? 1 : 0);
}

void DuplicateGroupsPanel::setSummary(const QString& text) { summary_->setText(text); }
void DuplicateGroupsPanel::setBusy(bool busy) {
    find_->setEnabled(!busy);
    extract_->setEnabled(!busy);
}
double DuplicateGroupsPanel::threshold() const { return threshold_->value(); }
void DuplicateGroupsPanel::setThreshold(double threshold) { threshold_->setValue(threshold); }

void DuplicateGroupsPanel::refreshCards() {
    while (QLayoutItem* item = cardsLayout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int row = view_->currentIndex().row();
    for (const ReviewSpecimen& m : model_->members(row)) {
        auto* card = new QFrame;
        card->setFrameShape(QFrame::StyledPanel);
        auto* v = new QVBoxLayout(card);
        auto* photo = new QLabel;
        photo->setFixedSize(ThumbnailLoader::kDefaultSize, ThumbnailLoader::kDefaultSize);
        photo->setAlignment(Qt::AlignCenter);
        const QImage image = loader_ && !m.key.isEmpty() ? loader_->cached(m.key) : QImage();
        if (!image.isNull()) photo->setPixmap(QPixmap::fromImage(image));
        else photo->setText(tr("loading…"));
        auto* caption = new QLabel(m.found ? tr("<b>%1</b><br>%2 · #%3%4")
                                                 .arg(m.label.toHtmlEscaped(), SpecimenListModel::partTitle(m.part))
                                                 .arg(m.id)
                                                 .arg(m.excluded ? tr(" · excluded") : QString())
                                           : tr("#%1 is no longer in the project").arg(m.id));
        caption->setAlignment(Qt::AlignHCenter);
        auto* button = new QPushButton(m.excluded ? tr("Include") : tr("Exclude"));
        button->setObjectName(QStringLiteral("exclude-%1").arg(m.id));
        button->setEnabled(m.found);
        button->setToolTip(m.excluded ? tr("Use this photo for training and evaluation again")
                                      : tr("Leave this photo out of training and evaluation (its duplicate stays)"));
        connect(button, &QPushButton::clicked, this, [this, id = m.id, excluded = m.excluded] { Q_EMIT excludeRequested(id, !excluded); });
        v->addWidget(photo, 0, Qt::AlignHCenter);
        v->addWidget(caption);
        v->addWidget(button);
        v->addStretch(1);
        cardsLayout_->addWidget(card);
    }
    cardsLayout_->addStretch(1);
}

}  // namespace taxo::ui
