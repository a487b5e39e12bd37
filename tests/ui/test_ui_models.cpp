// Item models of the browser: the taxonomy tree (counts, filtering) and the specimen list (rows, roles, filters, sorts).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "test_registry.h"

#include "ui/specimen_list_model.h"
#include "ui/taxonomy_model.h"
#include "generated_project.h"

using namespace taxo;
using namespace taxo::ui;

class TestUiModels : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    test::GeneratedProject project_;
    std::unique_ptr<ProjectStore> store_;

    static QModelIndex child(const QAbstractItemModel& m, const QModelIndex& parent, const QString& name) {
        for (int r = 0; r < m.rowCount(parent); ++r) {
            const QModelIndex i = m.index(r, 0, parent);
            if (i.data(TaxonomyModel::NameRole).toString() == name) return i;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        project_ = test::makeProject(tmp_.path(), 300);
        store_ = ProjectStore::open(project_.dir.toStdString()).value();
        // One excluded specimen, to see it counted.
        QVERIFY(store_->setExcluded({project_.ids[0]}, true, "test").ok());
    }

    void taxonomyCounts() {
        TaxonomyModel model;
        QVERIFY(model.load(*store_).ok());
        QCOMPARE(model.rowCount(), 2);  // animalia, plantae
        QCOMPARE(model.totalCount(), 300);
        const QModelIndex animalia = child(model, {}, "animalia"), plantae = child(model, {}, "plantae");
        QVERIFY(animalia.isValid() && plantae.isValid());
        QCOMPARE(animalia.data(TaxonomyModel::CountRole).toLongLong(), 240);
        QCOMPARE(plantae.data(TaxonomyModel::CountRole).toLongLong(), 60);
        QCOMPARE(model.rowCount(animalia), 2);  // arthropoda, chordata
        const QModelIndex chordata = child(model, animalia, "chordata");
        QCOMPARE(chordata.data(TaxonomyModel::CountRole).toLongLong(), 180);
        QCOMPARE(model.rowCount(chordata), 3);
        const QModelIndex ardeidae = child(model, chordata, "chordata_ardeidae");
        QCOMPARE(ardeidae.data(Qt::DisplayRole).toString(), QString("ardeidae"));
        QCOMPARE(ardeidae.data(TaxonomyModel::CountRole).toLongLong(), 60);
        QCOMPARE(ardeidae.data(TaxonomyModel::ExcludedCountRole).toLongLong(), 1);  // specimen 0 is an ardeidae
        // The count column shows the same number.
        QCOMPARE(model.index(ardeidae.row(), 1, chordata).data().toString(), QString("60"));
    }

    void taxonomyFilterKeepsAncestors() {
        TaxonomyModel model;
        QVERIFY(model.load(*store_).ok());
        TaxonomyFilterModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterFixedString("ARDEID");
        QCOMPARE(proxy.rowCount(), 1);
        const QModelIndex kingdom = proxy.index(0, 0);
        QCOMPARE(kingdom.data().toString(), QString("animalia"));
        QCOMPARE(proxy.rowCount(kingdom), 1);
        const QModelIndex phylum = proxy.index(0, 0, kingdom);
        QCOMPARE(proxy.rowCount(phylum), 1);
        QCOMPARE(proxy.index(0, 0, phylum).data().toString(), QString("ardeidae"));
        proxy.setFilterFixedString("no such taxon");
        QCOMPARE(proxy.rowCount(), 0);
    }

    void selectingANodeFiltersTheList() {
        TaxonomyModel taxonomy;
        QVERIFY(taxonomy.load(*store_).ok());
        SpecimenListModel list;
        list.setStore(store_.get());
        QCOMPARE(list.rowCount(), 300);
        // Every node's count is what the list shows when it is selected.
        std::function<void(const QModelIndex&)> check = [&](const QModelIndex& parent) {
            for (int r = 0; r < taxonomy.rowCount(parent); ++r) {
                const QModelIndex node = taxonomy.index(r, 0, parent);
                QVERIFY(list.setFilter(taxonomy.filterFor(node)));
                QCOMPARE(qint64(list.rowCount()), node.data(TaxonomyModel::CountRole).toLongLong());
                check(node);
            }
        };
        check({});
        const QModelIndex plantae = child(taxonomy, {}, "plantae");
        QVERIFY(list.setFilter(taxonomy.filterFor(plantae)));
        for (int r = 0; r < list.rowCount(); ++r)
            QCOMPARE(list.index(r).data(SpecimenListModel::LabelRole).toString(), QString("tracheophyta_orchidaceae"));
    }

    void searchByFamilyIdAndPath() {
        SpecimenListModel list;
        list.setStore(store_.get());
        BrowserFilter filter;
        filter.text = "GOODEID";
        QVERIFY(list.setFilter(filter));
        QCOMPARE(list.rowCount(), 60);
        filter.text = "gen-123";  // source id
        QVERIFY(list.setFilter(filter));
        QCOMPARE(list.rowCount(), 1);
        QCOMPARE(list.index(0).data(SpecimenListModel::LabelRole).toString(), QString::fromStdString(test::generatedLabel(123)));
        filter.text = "photo5.jpg";  // file path; specimens 5, 11, 17, ...
        QVERIFY(list.setFilter(filter));
        QCOMPARE(list.rowCount(), 50);
        filter.text.clear();
        filter.includeExcluded = false;
        QVERIFY(list.setFilter(filter));
        QCOMPARE(list.rowCount(), 299);
    }

    void roles() {
        SpecimenListModel list;
        list.setStore(store_.get());
        const QModelIndex first = list.index(0);
        QCOMPARE(first.data(SpecimenListModel::IdRole).toLongLong(), project_.ids[0]);
        QCOMPARE(first.data(SpecimenListModel::LabelRole).toString(), QString("chordata_ardeidae"));
        QCOMPARE(first.data(Qt::DisplayRole).toString(), QString("ardeidae"));
        QCOMPARE(first.data(SpecimenListModel::PathRole).toString(), project_.photos[0]);
        QCOMPARE(first.data(SpecimenListModel::ExcludedRole).toBool(), true);
        QCOMPARE(list.index(1).data(SpecimenListModel::ExcludedRole).toBool(), false);
        QCOMPARE(first.data(SpecimenListModel::PartNameRole).toString(), QString("train"));
        QCOMPARE(list.index(7).data(SpecimenListModel::PartRole).toInt(), int(Part::Val));
        QCOMPARE(list.index(9).data(SpecimenListModel::PartNameRole).toString(), QString("test"));
        // Without a run the prediction roles are empty; without a loader the thumbnail is null.
        QVERIFY(!first.data(SpecimenListModel::ConfidenceRole).isValid());
        QVERIFY(!first.data(SpecimenListModel::CorrectRole).isValid());
        QVERIFY(first.data(SpecimenListModel::ThumbnailRole).value<QImage>().isNull());
        QVERIFY(list.roleNames().values().contains("confidence"));

        QVERIFY(list.setRun(project_.runId));
        QCOMPARE(first.data(SpecimenListModel::CorrectRole).toBool(), false);  // every third is wrong
        QCOMPARE(list.index(1).data(SpecimenListModel::CorrectRole).toBool(), true);
        QCOMPARE(list.index(3).data(SpecimenListModel::ConfidenceRole).toDouble(), 0.05 + 0.09 * 3);
        QCOMPARE(first.data(SpecimenListModel::PredictedLabelRole).toString(), QString::fromStdString(test::generatedLabel(1)));
        QVERIFY(first.data(SpecimenListModel::TopJsonRole).toString().contains("\"p\""));
        list.setRun(987654);  // a run without predictions clears them
        QCOMPARE(list.runId(), std::optional<std::int64_t>(987654));
        QVERIFY(!first.data(SpecimenListModel::ConfidenceRole).isValid());
    }

    void sorting() {
        SpecimenListModel list;
        list.setStore(store_.get());
        QVERIFY(list.setRun(project_.runId));
        QPersistentModelIndex tracked = list.index(42);
        const qint64 trackedId = tracked.data(SpecimenListModel::IdRole).toLongLong();

        list.sortBy(SpecimenListModel::SortKey::Family);
        for (int r = 1; r < list.rowCount(); ++r)
            QVERIFY(list.index(r - 1).data(SpecimenListModel::LabelRole).toString() <= list.index(r).data(SpecimenListModel::LabelRole).toString());
        QCOMPARE(tracked.data(SpecimenListModel::IdRole).toLongLong(), trackedId);  // selections follow their specimen

        list.sortBy(SpecimenListModel::SortKey::Confidence);
        for (int r = 1; r < list.rowCount(); ++r)
            QVERIFY(list.index(r - 1).data(SpecimenListModel::ConfidenceRole).toDouble() <= list.index(r).data(SpecimenListModel::ConfidenceRole).toDouble());

        list.sortBy(SpecimenListModel::SortKey::Correctness);
        const int wrong = 100;  // i % 3 == 0 for 300 specimens
        for (int r = 0; r < list.rowCount(); ++r)
            QCOMPARE(list.index(r).data(SpecimenListModel::CorrectRole).toBool(), r >= wrong);
        QVERIFY(list.index(0).data(SpecimenListModel::ConfidenceRole).toDouble() >= list.index(wrong - 1).data(SpecimenListModel::ConfidenceRole).toDouble());

        list.sortBy(SpecimenListModel::SortKey::Split);
        auto order = [](int part) { return part == 0 ? 4 : part; };
        for (int r = 1; r < list.rowCount(); ++r)
            QVERIFY(order(list.index(r - 1).data(SpecimenListModel::PartRole).toInt()) <= order(list.index(r).data(SpecimenListModel::PartRole).toInt()));
        QCOMPARE(list.index(0).data(SpecimenListModel::PartNameRole).toString(), QString("train"));
        QCOMPARE(tracked.data(SpecimenListModel::IdRole).toLongLong(), trackedId);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestUiModels)
#include "test_ui_models.moc"
