#pragma once
// A generated project for the UI tests: n specimens over five families in two kingdoms, pointing at a few small
// generated JPEGs (shared between specimens, as duplicates are in real data), with an optional split and a run
// whose predictions are right for two specimens in three.
#include <QDir>
#include <QtGlobal>
#include <QString>
#include <QStringList>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <string>
#include <vector>

#include "core/common/content_hash.h"
#include "core/store/project_store.h"

namespace taxo::test {

struct GeneratedFamily {
    const char* kingdom;
    const char* phylum;
    const char* family;
};

inline const std::vector<GeneratedFamily>& generatedFamilies() {
    static const std::vector<GeneratedFamily> families{{"animalia", "chordata", "ardeidae"},
                                                       {"animalia", "chordata", "goodeidae"},
                                                       {"animalia", "chordata", "pleuronectidae"},
                                                       {"animalia", "arthropoda", "apidae"},
                                                       {"plantae", "tracheophyta", "orchidaceae"}};
    return families;
}

inline std::string generatedLabel(int i) {
    const auto& f = generatedFamilies()[size_t(i) % generatedFamilies().size()];
    return std::string(f.phylum) + "_" + f.family;
}

// Writes `count` JPEGs (320x240, distinct colours and shapes) into dir and returns their paths.
inline QStringList writePhotos(const QString& dir, int count) {
    QDir().mkpath(dir);
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        cv::Mat image(240, 320, CV_8UC3, cv::Scalar(40 + 30 * i % 200, 90 + 50 * i % 160, 200 - 20 * i % 180));
        cv::circle(image, cv::Point(80 + 25 * i % 160, 120), 20 + 5 * i % 60, cv::Scalar(250, 250, 250), cv::FILLED);
        cv::rectangle(image, cv::Rect(200, 40 + 10 * i % 100, 80, 60), cv::Scalar(20, 20, 20), cv::FILLED);
        const QString path = QDir(dir).filePath(QStringLiteral("photo%1.jpg").arg(i));
        cv::imwrite(path.toStdString(), image);
        paths << path;
    }
    return paths;
}

inline void must(const Status& status) {
    if (!status) qFatal("generated project: %s", status.error().message.c_str());
}

struct GeneratedProject {
    QString dir;
    std::vector<std::int64_t> ids;
    QStringList photos;
    std::int64_t runId = 0;
};

// Creates <root>/project with n specimens; photo i % photos.size() for specimen i.
inline GeneratedProject makeProject(const QString& root, int n, int photoCount = 6, bool withSplitAndRun = true) {
    GeneratedProject project;
    project.dir = QDir(root).filePath("project");
    project.photos = writePhotos(QDir(root).filePath("photos"), photoCount);
    std::vector<std::string> hashes;
    for (const QString& p : project.photos) hashes.push_back(hashFile(p.toStdString()).value());
    auto store = ProjectStore::create(project.dir.toStdString()).value();
    std::vector<Specimen> specimens;
    specimens.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        const auto& f = generatedFamilies()[size_t(i) % generatedFamilies().size()];
        Specimen s;
        s.sourceId = "gen-" + std::to_string(i);
        const int photo = i % photoCount;
        s.absolutePath = project.photos[photo].toStdString();
        s.filePath = "photos/photo" + std::to_string(photo) + ".jpg";
        s.contentHash = hashes[size_t(photo)];
        s.taxonomy.kingdom = f.kingdom;
        s.taxonomy.phylum = f.phylum;
        s.taxonomy.family = f.family;
        s.label = generatedLabel(i);
        specimens.push_back(std::move(s));
    }
    project.ids = store->addSpecimens(specimens, "generated").value();
    if (withSplitAndRun) {
        SplitResult split;
        split.fractions = {0.7, 0.15, 0.15};
        split.seed = 1;
        for (size_t i = 0; i < project.ids.size(); ++i)
            split.assignment[project.ids[i]] = i % 10 < 7 ? Part::Train : (i % 10 < 8 ? Part::Val : Part::Test);
        store->saveSplit("generated", split, true).value();
        project.runId = store->createRun("generated run", "{}").value();
        std::vector<PredictionRow> rows;
        for (size_t i = 0; i < project.ids.size(); ++i) {
            PredictionRow row;
            row.specimenId = project.ids[i];
            row.trueLabel = generatedLabel(int(i));
            row.predictedLabel = i % 3 == 0 ? generatedLabel(int(i) + 1) : row.trueLabel;  // every third one wrong
            row.confidence = 0.05 + 0.09 * double(i % 10);
            row.topJson = "[{\"label\":\"" + row.predictedLabel + "\",\"p\":" + std::to_string(row.confidence) +
                          "},{\"label\":\"" + generatedLabel(int(i) + 2) + "\",\"p\":" + std::to_string((1 - row.confidence) / 2) + "}]";
            rows.push_back(row);
        }
        must(store->savePredictions(project.runId, rows));
        must(store->finishRun(project.runId, "{}", ""));
    }
    return project;
}

}  // namespace taxo::test
