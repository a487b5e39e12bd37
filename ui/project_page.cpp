#include "project_page.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "class_table_model.h"
#include "core/store/project_summary.h"

namespace taxo::ui {

ProjectPage::ProjectPage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    heading_ = new QLabel;
    heading_->setTextFormat(Qt::RichText);
    heading_->setWordWrap(true);
    layout->addWidget(heading_);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter families…"));
    filter_->setClearButtonEnabled(true);
    layout->addWidget(filter_);
    model_ = new ClassTableModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(ClassTableModel::Label);
    proxy_->setSortRole(Qt::EditRole);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ClassTableModel::Photos, Qt::DescendingOrder);
    table_->horizontalHeader()->setSectionResizeMode(ClassTableModel::Label, QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(table_, 1);
}

void ProjectPage::setSummary(const ProjectSummary& s) {
    std::int64_t classes = 0;
    for (const auto& entry : s.classes) classes += entry.second.total > 0;
    QString split = s.activeSplit.empty()
                        ? tr("No split yet.")
                        : tr("Split %1: %2 train, %3 validation, %4 test.")
                              .arg(QString::fromStdString(s.activeSplit))
                              .arg(s.parts[1]).arg(s.parts[2]).arg(s.parts[3]);
    heading_->setText(tr("<h2>%1</h2><p>%2 specimens in %3 classes (%4 excluded, %5 unlabelled). "
                         "Photos per class: min %6, median %7, max %8. %9</p>")
                          .arg(QString::fromStdString(s.dir).toHtmlEscaped())
                          .arg(s.specimens).arg(classes).arg(s.excluded).arg(s.unlabelled)
                          .arg(s.minClass).arg(s.medianClass).arg(s.maxClass).arg(split));
    model_->setSummary(s);
}

}  // namespace taxo::ui
