#pragma once
// Near-duplicate groups side by side: a list whose rows paint each group's thumbnails in a line (with family, split
// part and id under each, the row framed when the group straddles train/val/test or its labels disagree), and
// below it the selected group's photos as larger cards, each with its own Exclude/Include button.
// The panel only shows; the ReviewPage runs the search and the labelling.
#include <QStyledItemDelegate>
#include <QWidget>

class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QListView;
class QPushButton;
class QStackedWidget;

namespace taxo::ui {

class DuplicateGroupsModel;
class ThumbnailLoader;

class DuplicateGroupDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kThumb = 96;        // pixels, thumbnail box
    static constexpr int kTileWidth = 150;   // pixels per photo
    static constexpr int kSummaryWidth = 190;
    explicit DuplicateGroupDelegate(QObject* parent = nullptr) : QStyledItemDelegate(parent) {}
    void setThumbnailLoader(ThumbnailLoader* loader) { loader_ = loader; }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    ThumbnailLoader* loader_ = nullptr;
};

class DuplicateGroupsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DuplicateGroupsPanel(DuplicateGroupsModel* model, QWidget* parent = nullptr);
    void setThumbnailLoader(ThumbnailLoader* loader);
    // A sentence instead of the list (empty: the list), with an "Extract" button when offerExtraction.
    void setEmptyText(const QString& text, bool offerExtraction = false);
    void setSummary(const QString& text);
    void setBusy(bool busy);
    double threshold() const;
    void setThreshold(double threshold);
    QListView* view() const { return view_; }
    QLabel* emptyLabel() const { return empty_; }
    QPushButton* findButton() const { return find_; }
    // Rebuilds the cards of the selected group (after a relabel or exclude).
    void refreshCards();

Q_SIGNALS:
    void findRequested(double threshold);
    void extractRequested(double threshold);
    void excludeRequested(qint64 id, bool excluded);
    void specimenActivated(qint64 id);

private:
    DuplicateGroupsModel* model_;
    ThumbnailLoader* loader_ = nullptr;
    DuplicateGroupDelegate* delegate_;
    QDoubleSpinBox* threshold_;
    QPushButton* find_;
    QLabel* summary_;
    QStackedWidget* stack_;
    QLabel* empty_;
    QPushButton* extract_;
    QListView* view_;
    QWidget* cards_;
    QHBoxLayout* cardsLayout_;
};

}  // namespace taxo::ui
