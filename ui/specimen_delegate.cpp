#include "specimen_delegate.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>

#include "core/data/specimen.h"
#include "specimen_list_model.h"
#include "thumbnail_loader.h"

namespace taxo::ui {

QSize SpecimenDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const {
    return {kCellWidth, kCellHeight};
}

void SpecimenDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect cell = option.rect.adjusted(3, 3, -3, -3);
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(selected ? QPen(pal.highlight().color(), 2) : QPen(pal.mid().color(), 1));
    painter->setBrush(selected ? pal.highlight().color().lighter(170) : pal.base().color());
    painter->drawRoundedRect(cell, 6, 6);

    const int side = ThumbnailLoader::kDefaultSize;
    const QRect photoBox(cell.left() + (cell.width() - side) / 2, cell.top() + 4, side, side - 8);
    const QImage image = index.data(SpecimenListModel::ThumbnailRole).value<QImage>();
    const bool excluded = index.data(SpecimenListModel::ExcludedRole).toBool();
    if (!image.isNull()) {
        const QSize size = image.size().scaled(photoBox.size(), Qt::KeepAspectRatio);
        const QRect target(photoBox.center().x() - size.width() / 2 + 1, photoBox.center().y() - size.height() / 2 + 1,
                           size.width(), size.height());
        if (excluded) painter->setOpacity(0.35);
        painter->drawImage(target, image);
        painter->setOpacity(1.0);
    } else {
        const bool failed = index.data(SpecimenListModel::ThumbnailStateRole).toInt() == SpecimenListModel::ThumbnailFailed;
        const QIcon icon(failed ? QStringLiteral(":/icons/broken.svg") : QStringLiteral(":/icons/photo.svg"));
        painter->fillRect(photoBox.adjusted(8, 8, -8, -8), pal.alternateBase());
        icon.paint(painter, QRect(photoBox.center() - QPoint(24, 24), QSize(48, 48)));
    }

    // Split part chip, top-left.
    const QString partKey = index.data(SpecimenListModel::PartNameRole).toString();
    if (partKey != QLatin1String("unassigned")) {
        const QString part = SpecimenListModel::partTitle(Part(index.data(SpecimenListModel::PartRole).toInt()));
        static const QHash<QString, QColor> colours{{"train", QColor(0x2e7d32)}, {"val", QColor(0x1565c0)}, {"test", QColor(0x6a1b9a)}};
        QFont font = option.font;
        font.setPointSizeF(font.pointSizeF() * 0.8);
        painter->setFont(font);
        const QRect chip(cell.left() + 6, cell.top() + 6, QFontMetrics(font).horizontalAdvance(part) + 10, QFontMetrics(font).height() + 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colours.value(partKey, Qt::darkGray));
        painter->drawRoundedRect(chip, 4, 4);
        painter->setPen(Qt::white);
        painter->drawText(chip, Qt::AlignCenter, part);
    }
    // Prediction mark, top-right: green when the run agrees with the label, red when not.
    const QVariant correct = index.data(SpecimenListModel::CorrectRole);
    if (correct.isValid()) {
        const QRect dot(cell.right() - 18, cell.top() + 6, 12, 12);
        painter->setPen(Qt::NoPen);
        painter->setBrush(correct.toBool() ? QColor(0x43a047) : QColor(0xe53935));
        painter->drawEllipse(dot);
    }
    if (excluded) {
        const QIcon icon(QStringLiteral(":/icons/exclude.svg"));
        icon.paint(painter, QRect(photoBox.center() - QPoint(20, 20), QSize(40, 40)));
    }

    // Family, then the confidence when a run is shown.
    painter->setFont(option.font);
    painter->setPen(selected ? pal.highlightedText().color() : pal.text().color());
    if (selected) painter->setPen(pal.text().color());
    QRect textBox(cell.left() + 4, photoBox.bottom() + 4, cell.width() - 8, cell.bottom() - photoBox.bottom() - 6);
    QString text = index.data(Qt::DisplayRole).toString();
    const QVariant confidence = index.data(SpecimenListModel::ConfidenceRole);
    if (confidence.isValid()) text += QStringLiteral(" · %1%").arg(qRound(confidence.toDouble() * 100));
    QFont font = option.font;
    font.setStrikeOut(excluded);
    painter->setFont(font);
    painter->drawText(textBox, Qt::AlignHCenter | Qt::AlignTop, QFontMetrics(font).elidedText(text, Qt::ElideRight, textBox.width()));
    painter->restore();
}

}  // namespace taxo::ui
