// Near-duplicates: planted copies in generated embeddings are found and nothing else; on real photos a
// re-encoded and a resized copy are found next to their originals; the groups keep a split from leaking.
#include <QtTest>

#include "test_registry.h"

#include <chrono>
#include <numeric>
#include <random>
#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "core/data/preprocess.h"
#include "core/data/split.h"
#include "core/models/backbone_net.h"
#include "core/train/near_duplicates.h"
#include "test_support.h"

using namespace taxo;

namespace {

// Non-negative clustered vectors like pooled ReLU features: |centre + noise|, 200 clusters. Rows of one cluster
// have cosine ~0.8, of different clusters ~0.65, far from the default threshold (0.96).
std::vector<float> clusteredEmbeddings(std::int64_t rows, std::int64_t dim, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> n01(0.f, 1.f);
    const int clusters = 200;
    std::vector<float> centres(static_cast<std::size_t>(clusters * dim));
    for (auto& c : centres) c = std::abs(n01(rng));
    std::vector<float> out(static_cast<std::size_t>(rows * dim));
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t c = r % clusters;
        for (std::int64_t d = 0; d < dim; ++d)
            out[static_cast<std::size_t>(r * dim + d)] = std::max(0.f, centres[static_cast<std::size_t>(c * dim + d)] + 0.5f * n01(rng));
    }
    return out;
}

// Row `to` becomes row `from` plus a little noise (cosine ~0.995).
void plantCopy(std::vector<float>& e, std::int64_t dim, std::int64_t from, std::int64_t to, std::mt19937_64& rng) {
    std::normal_distribution<float> n01(0.f, 1.f);
    for (std::int64_t d = 0; d < dim; ++d)
        e[static_cast<std::size_t>(to * dim + d)] = std::max(0.f, e[static_cast<std::size_t>(from * dim + d)] + 0.05f * n01(rng));
}

std::set<std::pair<std::int64_t, std::int64_t>> pairSet(const NearDuplicateReport& r) {
    std::set<std::pair<std::int64_t, std::int64_t>> s;
    for (const auto& p : r.pairs) s.insert({p.a, p.b});
    return s;
}

std::vector<std::string> photosOf(const std::string& root) {
    std::vector<std::string> out;
    const QDir dir(QString::fromStdString(root));
    for (const QString& cls : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir sub(dir.filePath(cls));
        for (const QString& f : sub.entryList({"*.jpg", "*.jpeg", "*.png"}, QDir::Files, QDir::Name))
            out.push_back(sub.filePath(f).toStdString());
    }
    return out;
}

}  // namespace

class TestNearDuplicates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void plantedDuplicatesAtScale() {
        const std::int64_t rows = 12000, dim = 1280;
        std::vector<float> e = clusteredEmbeddings(rows, dim, 7);
        std::mt19937_64 rng(11);
        // Five pairs (different clusters, far apart in row order, across block boundaries) and one chain of three.
        const std::vector<std::pair<std::int64_t, std::int64_t>> planted{{3, 11999}, {1500, 1024}, {77, 78}, {5000, 9001}, {10, 10240}};
        for (const auto& [from, to] : planted) plantCopy(e, dim, from, to, rng);
        plantCopy(e, dim, 600, 601, rng);
        plantCopy(e, dim, 601, 602, rng);
        std::vector<std::int64_t> ids(rows);
        for (std::int64_t i = 0; i < rows; ++i) ids[static_cast<std::size_t>(i)] = 1000 + i;  // ids differ from rows

        const auto t0 = std::chrono::steady_clock::now();
        auto r = findNearDuplicates(ids, e, dim);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        qInfo("12000 x 1280 on %d thread(s): %.2f s, %zu pairs, %zu groups", torch::get_num_threads(), s, r->pairs.size(),
              r->groups.size());

        auto expected = std::set<std::pair<std::int64_t, std::int64_t>>{};
        for (const auto& [from, to] : planted) expected.insert({1000 + std::min(from, to), 1000 + std::max(from, to)});
        expected.insert({1600, 1601});
        expected.insert({1601, 1602});
        auto found = pairSet(*r);
        found.erase({1600, 1602});  // the chain's ends may or may not pass the threshold themselves
        QCOMPARE(found, expected);
        QCOMPARE(r->groups.size(), std::size_t(6));
        QVERIFY(std::find(r->groups.begin(), r->groups.end(), std::vector<std::int64_t>{1600, 1601, 1602}) != r->groups.end());
        QCOMPARE(r->groups.front(), (std::vector<std::int64_t>{1003, 12999}));  // ordered by smallest id
        for (std::size_t i = 1; i < r->pairs.size(); ++i) QVERIFY(r->pairs[i - 1].similarity >= r->pairs[i].similarity);
        for (const auto& p : r->pairs) QVERIFY(p.similarity >= 0.96f && p.similarity <= 1.0f);
        QCOMPARE(r->rows, rows);

        // Same answer with another block size (blocks only change the work order).
        NearDuplicateParams small;
        small.blockRows = 777;
        auto r2 = findNearDuplicates(ids, e, dim, small);
        QVERIFY(r2);
        QCOMPARE(r2->groups, r->groups);
        QCOMPARE(pairSet(*r2), pairSet(*r));
    }

    void straddlingAndSplit() {
        const std::int64_t rows = 300, dim = 64;
        std::vector<float> e = clusteredEmbeddings(rows, dim, 3);
        std::mt19937_64 rng(5);
        for (std::int64_t i = 0; i < 20; ++i) plantCopy(e, dim, i, 150 + i, rng);  // 20 pairs
        std::vector<std::int64_t> ids(rows);
        std::iota(ids.begin(), ids.end(), 1);
        auto r = findNearDuplicates(ids, e, dim);
        QVERIFY(r);
        QCOMPARE(r->groups.size(), std::size_t(20));

        std::vector<SplitItem> items;
        for (std::int64_t id : ids) items.push_back({id, "class" + std::to_string((id - 1) % 3), "", false});
        SplitParams plain;
        auto leaky = makeSplit(items, plain);
        QVERIFY(leaky);
        const Straddling before = straddlingGroups(*r, leaky->assignment);
        qInfo("a 70/15/15 split without groups: %zu of 20 duplicate groups straddle parts", before.groupIndices.size());
        QVERIFY(before.groupIndices.size() > 0);  // ~half of random pairs land in different parts
        QCOMPARE(before.pairs, static_cast<std::int64_t>(before.groupIndices.size()));

        SplitParams grouped;
        grouped.groups = r->groups;
        auto tight = makeSplit(items, grouped);
        QVERIFY(tight);
        QCOMPARE(straddlingGroups(*r, tight->assignment).groupIndices.size(), std::size_t(0));

        const nlohmann::json j = r->toJson(&leaky->assignment);
        QCOMPARE(j.at("pairs").size(), std::size_t(20));
        QCOMPARE(j.at("groups").size(), std::size_t(20));
        QCOMPARE(j.at("straddling").at("groups").get<std::size_t>(), before.groupIndices.size());
        QVERIFY(!r->toJson().contains("straddling"));
    }

    void zeroRowsAndErrors() {
        std::vector<float> e{1, 0, 0, 0, 0, 0, 2, 0.001f, 0, 0, 0, 0};  // 4 x 3: two zero rows, rows 0 and 2 ~identical
        auto r = findNearDuplicates({1, 2, 3, 4}, e, 3);
        QVERIFY(r);
        QCOMPARE(r->zeroRows, std::int64_t(2));
        QCOMPARE(r->groups, (std::vector<std::vector<std::int64_t>>{{1, 3}}));

        QVERIFY(!findNearDuplicates({1, 2, 3}, e, 3));  // size mismatch
        QVERIFY(!findNearDuplicates({1, 1, 3, 4}, e, 3));  // duplicate id
        NearDuplicateParams bad;
        bad.threshold = 1.5;
        QVERIFY(!findNearDuplicates({1, 2, 3, 4}, e, 3, bad));
        e[4] = std::numeric_limits<float>::quiet_NaN();
        auto nan = findNearDuplicates({1, 2, 3, 4}, e, 3);
        QVERIFY(!nan);
        QVERIFY(nan.error().message.find("id 2") != std::string::npos);
    }

    void realPhotosWithCopies() {
        TAXO_REQUIRE_SHARED("data/rare_species/chordata_ardeidae");
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        auto backbone = loadBackbone("mobilenet_v2_imagenet", test::shared("models/coral"));
        QVERIFY2(backbone, backbone ? "" : backbone.error().message.c_str());
        std::vector<std::string> paths = photosOf(test::shared("data/rare_species"));
        QCOMPARE(paths.size(), std::size_t(127));

        QTemporaryDir tmp;
        const std::string reencoded = tmp.filePath("reencoded.jpg").toStdString();
        const std::string resized = tmp.filePath("resized.png").toStdString();
        const std::size_t reencodedOf = 5, resizedOf = 100;
        {
            cv::Mat a = cv::imread(paths[reencodedOf]);
            QVERIFY(cv::imwrite(reencoded, a, {cv::IMWRITE_JPEG_QUALITY, 70}));
            cv::Mat b = cv::imread(paths[resizedOf]), small;
            cv::resize(b, small, cv::Size(), 0.6, 0.6, cv::INTER_AREA);
            QVERIFY(cv::imwrite(resized, small));
        }
        paths.push_back(reencoded);
        paths.push_back(resized);

        const PreprocessSpec spec{224, 224, ResizeMode::Stretch, Normalization::TfliteUint8};
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<float> input(paths.size() * 3 * 224 * 224);
        for (std::size_t i = 0; i < paths.size(); ++i) {
            Status s = loadForModelInto(paths[i], spec, input.data() + i * 3 * 224 * 224);
            QVERIFY2(s, s ? "" : s.error().message.c_str());
        }
        const double decodeS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::vector<torch::Tensor> parts;
        const auto n = static_cast<std::int64_t>(paths.size());
        const torch::Tensor all = torch::from_blob(input.data(), {n, 3, 224, 224}, torch::kFloat32);
        for (std::int64_t s = 0; s < n; s += 32) parts.push_back((*backbone)->embed(all.slice(0, s, std::min(n, s + 32))));
        const torch::Tensor emb = torch::cat(parts).contiguous();
        const double extractS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - decodeS;
        std::vector<float> values(emb.data_ptr<float>(), emb.data_ptr<float>() + emb.numel());
        std::vector<std::int64_t> ids(paths.size());
        std::iota(ids.begin(), ids.end(), 0);

        auto r = findNearDuplicates(ids, values, emb.size(1));
        QVERIFY(r);
        qInfo("129 photos: decoding %.1f s, embedding %.1f s; %zu pairs >= 0.96:", decodeS, extractS, r->pairs.size());
        for (const auto& p : r->pairs)
            qInfo("  %s ~ %s  %.4f", QFileInfo(QString::fromStdString(paths[p.a])).fileName().toUtf8().constData(),
                  QFileInfo(QString::fromStdString(paths[p.b])).fileName().toUtf8().constData(), p.similarity);
        const torch::Tensor unit = torch::nn::functional::normalize(emb, torch::nn::functional::NormalizeFuncOptions().dim(1));
        qInfo("cosine original~re-encoded %.4f, original~resized %.4f",
              unit[static_cast<std::int64_t>(reencodedOf)].dot(unit[127]).item<double>(),
              unit[static_cast<std::int64_t>(resizedOf)].dot(unit[128]).item<double>());
        // The closest two distinct photos of the set (row and column 127, 128 are the copies).
        const torch::Tensor sims = unit.slice(0, 0, 127).mm(unit.slice(0, 0, 127).t()).triu(1);
        const auto best = sims.flatten().argmax().item<std::int64_t>();
        qInfo("closest distinct photos: %s ~ %s cosine %.4f", paths[static_cast<std::size_t>(best / 127)].c_str(),
              paths[static_cast<std::size_t>(best % 127)].c_str(), sims.max().item<double>());
        const auto found = pairSet(*r);
        QVERIFY(found.count({static_cast<std::int64_t>(reencodedOf), 127}));
        QVERIFY(found.count({static_cast<std::int64_t>(resizedOf), 128}));
        // Each copy is a duplicate of its original, and nothing else passes the default threshold.
        QCOMPARE(r->groups, (std::vector<std::vector<std::int64_t>>{{static_cast<std::int64_t>(reencodedOf), 127},
                                                                    {static_cast<std::int64_t>(resizedOf), 128}}));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestNearDuplicates)
#include "test_near_duplicates.moc"
