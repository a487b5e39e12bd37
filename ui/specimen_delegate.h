#pragma once
// Paints one cell of the thumbnail grid: the photo (or a placeholder while it loads), the family below it, a chip
// with the split part, and marks for excluded specimens and for a run's right or wrong prediction.
#include <QStyledItemDelegate>

namespace taxo::ui {

class SpecimenDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kCellWidth = 176;   // pixels
    static constexpr int kCellHeight = 200;  // pixels
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace taxo::ui
