#pragma once
// Paints a ConfusionModel as a heatmap (white to dark blue by the shown count), zoomable (cell size, Ctrl+wheel),
// class names beside the rows and above the columns and counts in the cells once cells are large enough,
// with the cell's classes and count as a tooltip; a click on a cell emits its classes.
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

private:
    int labelSpace() const;  // pixels left of and above the cells for class names (0 when cells are too small)

    ConfusionModel* model_;
    int cell_ = 6;
    int margin_ = 4;
};

}  // namespace taxo::ui
