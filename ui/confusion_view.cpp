#include "confusion_view.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

#include "confusion_model.h"

namespace taxo::ui {

ConfusionView::ConfusionView(ConfusionModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        updateGeometry();
        resize(sizeHint());
        update();
    });
}

void ConfusionView::setCellSize(int pixels) {
    cell_ = std::clamp(pixels, 2, 40);
    updateGeometry();
    resize(sizeHint());
    update();
}

QSize ConfusionView::sizeHint() const {
    const int n = model_->rowCount();
    return QSize(2 * margin_ + n * cell_, 2 * margin_ + n * cell_);
}

QRect ConfusionView::cellRect(int row, int column) const {
    return QRect(margin_ + column * cell_, margin_ + row * cell_, cell_, cell_);
}

QPoint ConfusionView::cellAt(const QPoint& pos) const {
    const int n = model_->rowCount();
    const int column = (pos.x() - margin_) / cell_, row = (pos.y() - margin_) / cell_;
    if (pos.x() < margin_ || pos.y() < margin_ || row >= n || column >= n) return {-1, -1};
    return {column, row};
}

void ConfusionView::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int n = model_->rowCount();
    if (n == 0) return;
    // A log scale: one confusion must stay visible beside a diagonal of hundreds.
    const double top = std::log1p(double(std::max<std::int64_t>(model_->maxShown(), 1)));
    const QRect dirty = event->rect();
    const int r0 = std::max(0, (dirty.top() - margin_) / cell_), r1 = std::min(n - 1, (dirty.bottom() - margin_) / cell_);
    const int c0 = std::max(0, (dirty.left() - margin_) / cell_), c1 = std::min(n - 1, (dirty.right() - margin_) / cell_);
    for (int r = r0; r <= r1; ++r) {
        for (int c = c0; c <= c1; ++c) {
            const std::int64_t count = model_->shownCount(r, c);
            if (count == 0) continue;
            const double t = std::log1p(double(count)) / top;
            painter.fillRect(cellRect(r, c), QColor::fromRgbF(1 - 0.92 * t, 1 - 0.75 * t, 1 - 0.35 * t));
        }
    }
    painter.setPen(palette().mid().color());
    painter.drawRect(QRect(margin_, margin_, n * cell_, n * cell_).adjusted(0, 0, -1, -1));
}

void ConfusionView::mousePressEvent(QMouseEvent* event) {
    const QPoint cell = cellAt(event->pos());
    if (cell.x() < 0 || event->button() != Qt::LeftButton) return;
    Q_EMIT cellClicked(model_->classAt(cell.y()), model_->classAt(cell.x()));
}

void ConfusionView::wheelEvent(QWheelEvent* event) {
    if (!(event->modifiers() & Qt::ControlModifier)) return QWidget::wheelEvent(event);
    setCellSize(cell_ + (event->angleDelta().y() > 0 ? 1 : -1));
    event->accept();
}

bool ConfusionView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() < 0) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(help->globalPos(), model_->data(model_->index(cell.y(), cell.x()), Qt::ToolTipRole).toString(), this);
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace taxo::ui
