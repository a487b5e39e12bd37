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

int ConfusionView::labelSpace() const {
    // Class names fit beside rows only from a readable cell size on.
    if (cell_ < fontMetrics().height()) return 0;
    int widest = 0;
    for (const QString& name : model_->classNames()) widest = std::max(widest, fontMetrics().horizontalAdvance(name));
    return widest + 6;
}

QSize ConfusionView::sizeHint() const {
    const int n = model_->rowCount(), labels = labelSpace();
    return QSize(2 * margin_ + labels + n * cell_, 2 * margin_ + labels + n * cell_);
}

QRect ConfusionView::cellRect(int row, int column) const {
    const int origin = margin_ + labelSpace();
    return QRect(origin + column * cell_, origin + row * cell_, cell_, cell_);
}

QPoint ConfusionView::cellAt(const QPoint& pos) const {
    const int n = model_->rowCount(), origin = margin_ + labelSpace();
    if (pos.x() < origin || pos.y() < origin) return {-1, -1};
    const int column = (pos.x() - origin) / cell_, row = (pos.y() - origin) / cell_;
    if (row >= n || column >= n) return {-1, -1};
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
    const int labels = labelSpace(), origin = margin_ + labels;
    const int r0 = std::max(0, (dirty.top() - origin) / cell_), r1 = std::min(n - 1, (dirty.bottom() - origin) / cell_);
    const int c0 = std::max(0, (dirty.left() - origin) / cell_), c1 = std::min(n - 1, (dirty.right() - origin) / cell_);
    const bool counts = cell_ >= fontMetrics().horizontalAdvance(QStringLiteral("000"));
    for (int r = r0; r <= r1; ++r) {
        for (int c = c0; c <= c1; ++c) {
            const std::int64_t count = model_->shownCount(r, c);
            if (count == 0) continue;
            const double t = std::log1p(double(count)) / top;
            painter.fillRect(cellRect(r, c), QColor::fromRgbF(1 - 0.92 * t, 1 - 0.75 * t, 1 - 0.35 * t));
            if (counts) {
                painter.setPen(t > 0.5 ? Qt::white : Qt::black);
                painter.drawText(cellRect(r, c), Qt::AlignCenter, QString::number(count));
            }
        }
    }
    painter.setPen(palette().text().color());
    if (labels > 0) {
        for (int i = 0; i < n; ++i) {
            const QString name = model_->headerData(i, Qt::Vertical, Qt::DisplayRole).toString();
            painter.drawText(QRect(margin_, origin + i * cell_, labels - 6, cell_), Qt::AlignRight | Qt::AlignVCenter, name);
            painter.save();
            painter.translate(origin + i * cell_, origin - 6);
            painter.rotate(-90);
            painter.drawText(QRect(0, 0, labels - 6, cell_), Qt::AlignLeft | Qt::AlignVCenter, name);
            painter.restore();
        }
    }
    painter.setPen(palette().mid().color());
    painter.drawRect(QRect(origin, origin, n * cell_, n * cell_).adjusted(0, 0, -1, -1));
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
