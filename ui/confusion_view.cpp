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
    auto changed = [this] {
        rebuildCells();
        updateLabelSpace();
        updateGeometry();
        resize(sizeHint());
        update();
    };
    connect(model_, &QAbstractItemModel::modelReset, this, changed);
    connect(model_, &QAbstractItemModel::dataChanged, this, changed);
    rebuildCells();
    updateLabelSpace();
}

void ConfusionView::setCellSize(int pixels) {
    cell_ = std::clamp(pixels, 2, 40);
    updateLabelSpace();
    updateGeometry();
    resize(sizeHint());
    update();
}

void ConfusionView::updateLabelSpace() {
    // Class names fit beside rows only from a readable cell size on.
    labels_ = 0;
    if (cell_ < fontMetrics().height()) return;
    int widest = 0;
    for (const QString& name : model_->classNames()) widest = std::max(widest, fontMetrics().horizontalAdvance(name));
    labels_ = widest + 6;
}

QColor ConfusionView::colourOf(std::int64_t count) const {
    if (count <= 0) return palette().base().color();
    const double t = std::log1p(double(count)) / logTop_;
    return QColor::fromRgbF(float(1 - 0.92 * t), float(1 - 0.75 * t), float(1 - 0.35 * t));
}

void ConfusionView::rebuildCells() {
    const int n = model_->rowCount();
    // A log scale: one confusion must stay visible beside a diagonal of hundreds.
    logTop_ = std::log1p(double(std::max<std::int64_t>(model_->maxShown(), 1)));
    cells_ = QImage(std::max(n, 1), std::max(n, 1), QImage::Format_RGB32);
    cells_.fill(palette().base().color());
    for (int r = 0; r < n; ++r) {
        auto* line = reinterpret_cast<QRgb*>(cells_.scanLine(r));
        for (int c = 0; c < n; ++c)
            if (const std::int64_t count = model_->shownCount(r, c); count > 0) line[c] = colourOf(count).rgb();
    }
}

void ConfusionView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateLabelSpace();
        updateGeometry();
        resize(sizeHint());
    } else if (event->type() == QEvent::PaletteChange) {
        rebuildCells();
    }
    QWidget::changeEvent(event);
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
    const QRect dirty = event->rect();
    const int labels = labelSpace(), origin = margin_ + labels;
    // Rows and columns the dirty rectangle touches, clamped to the matrix (floor division: the rectangle may start
    // in the name margin, left of or above the cells).
    const auto first = [&](int pixel) { return std::clamp(pixel < origin ? 0 : (pixel - origin) / cell_, 0, n - 1); };
    const int r0 = first(dirty.top()), r1 = first(dirty.bottom()), c0 = first(dirty.left()), c1 = first(dirty.right());
    const bool cellsDirty = dirty.bottom() >= origin && dirty.right() >= origin && dirty.top() < origin + n * cell_ &&
                            dirty.left() < origin + n * cell_;
    if (cellsDirty) {
        // Unsmoothed scaling of whole cells is an exact nearest-neighbour blow-up.
        painter.drawImage(QRect(origin + c0 * cell_, origin + r0 * cell_, (c1 - c0 + 1) * cell_, (r1 - r0 + 1) * cell_), cells_,
                          QRect(c0, r0, c1 - c0 + 1, r1 - r0 + 1));
        if (cell_ >= fontMetrics().horizontalAdvance(QStringLiteral("000"))) {
            for (int r = r0; r <= r1; ++r) {
                for (int c = c0; c <= c1; ++c) {
                    const std::int64_t count = model_->shownCount(r, c);
                    if (count == 0) continue;
                    painter.setPen(std::log1p(double(count)) / logTop_ > 0.5 ? Qt::white : Qt::black);
                    painter.drawText(cellRect(r, c), Qt::AlignCenter, QString::number(count));
                }
            }
        }
    }
    painter.setPen(palette().text().color());
    if (labels > 0) {
        if (dirty.left() < origin)  // row names
            for (int i = r0; i <= r1; ++i)
                painter.drawText(QRect(margin_, origin + i * cell_, labels - 6, cell_), Qt::AlignRight | Qt::AlignVCenter,
                                 model_->headerData(i, Qt::Vertical, Qt::DisplayRole).toString());
        if (dirty.top() < origin) {  // column names, rotated
            for (int i = c0; i <= c1; ++i) {
                painter.save();
                painter.translate(origin + i * cell_, origin - 6);
                painter.rotate(-90);
                painter.drawText(QRect(0, 0, labels - 6, cell_), Qt::AlignLeft | Qt::AlignVCenter,
                                 model_->headerData(i, Qt::Horizontal, Qt::DisplayRole).toString());
                painter.restore();
            }
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
