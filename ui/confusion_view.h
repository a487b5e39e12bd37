#pragma once
// Paints a ConfusionModel as a heatmap (white to dark blue by the shown count), zoomable (cell size, Ctrl+wheel),
// class names beside the rows and above the columns and counts in the cells once cells are large enough,
// with the cell's classes and count as a tooltip; a click on a cell emits its classes.
//
// The heatmap is kept as a QImage of one pixel per cell, rebuilt only when the model changes, and scaled (nearest
// neighbour) onto the visible part on paint; only the visible cells' counts and the visible rows' and columns' names
// are drawn. A 202x202 matrix zoomed in with names and counts thus paints in a few milliseconds.
#include <QImage>
#include <QWidget>

namespace taxo::ui {

class ConfusionModel;

class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(ConfusionModel* model, QWidget* parent = nullptr);

    void setCellSize(int pixels);  // 2..40
    int cellSize() const { return cell_; }
    // Row and column under a point of this widget, or (-1, -1).
    QPoint cellAt(const QPoint& pos) const;
    QRect cellRect(int row, int column) const;
    QSize sizeHint() const override;

Q_SIGNALS:
    void cellClicked(int trueClass, int predictedClass);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    int labelSpace() const { return labels_; }  // pixels left of and above the cells for class names (0 when cells are too small)
    void updateLabelSpace();
    void rebuildCells();
    QColor colourOf(std::int64_t count) const;

    ConfusionModel* model_;
    int cell_ = 6;
    int margin_ = 4;
    int labels_ = 0;
    double logTop_ = 1;  // log1p of the largest shown count: the top of the colour scale
    QImage cells_;       // one pixel per cell, the heatmap's colours

};

}  // namespace taxo::ui
