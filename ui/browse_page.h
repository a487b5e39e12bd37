#pragma once
// The specimen browser: a search box and sort order over a thumbnail grid (QListView in icon mode over a
// SpecimenListModel), the details of the current specimen beside it, and the labelling shortcuts for fast review:
// X exclude/include, Enter accept the suggestion, arrows (or J/K) move, L edits the label; undo and redo live in
// the main window's Edit menu.
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

#include "specimen_list_model.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QSplitter;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class LabelEditor;
class SpecimenDetails;
class ThumbnailLoader;

class BrowsePage : public QWidget {
    Q_OBJECT
public:
    explicit BrowsePage(LabelEditor* editor, QWidget* parent = nullptr);
    ~BrowsePage() override;

    // The store must outlive the page or be replaced (nullptr closes). Thumbnails are cached in <project>/thumbnails.
    void setStore(ProjectStore* store);
    // The taxon part of the filter (from the taxonomy tree); the search box adds its text.
    void setTaxonFilter(const BrowserFilter& filter);
    // Shows this run's predictions (confidence, correctness, top-5), or none.
    void setRun(std::optional<std::int64_t> runId);

    std::vector<std::int64_t> selectedIds() const;
    void selectRow(int row);

    SpecimenListModel* model() const { return model_; }
    QListView* view() const { return view_; }
    SpecimenDetails* details() const { return details_; }
    ThumbnailLoader* thumbnails() const { return loader_; }
    QLineEdit* searchBox() const { return search_; }
    QComboBox* runChooser() const { return run_; }

    void toggleExcludedOfSelection();
    void acceptSuggestionsOfSelection();
    void relabelSelection(const QString& label);
    void moveCurrent(int delta);

Q_SIGNALS:
    void labelsChanged();  // the set or counts of labels changed (the tree should reload)

private:
    void applyFilter();
    void updateDetails();
    void refreshKnownLabels();
    void refreshRuns();

    LabelEditor* editor_;
    ProjectStore* store_ = nullptr;
    BrowserFilter taxon_;
    SpecimenListModel* model_;
    ThumbnailLoader* loader_ = nullptr;
    QLineEdit* search_;
    QComboBox* sort_;
    QComboBox* run_;
    QLabel* count_;
    QListView* view_;
    SpecimenDetails* details_;
    QSplitter* splitter_;
};

}  // namespace taxo::ui
