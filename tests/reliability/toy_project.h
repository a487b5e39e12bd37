#pragma once
// Generated material for the reliability tests that train: a tiny TorchScript backbone (no Python, no download) and
// a folder of seeded synthetic photos, so that a whole project (import, split, extract, train) takes seconds.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/script.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace taxo::test {

constexpr int kToyEmbeddingDim = 48;  // 3 channels x 4 x 4 average-pooled cells

// Writes <modelsDir>/<id>/model.pt and manifest.json: the embedding is the image average-pooled to 4x4 cells per
// channel (48 values), a deterministic backbone whose features still separate the generated classes.
inline void writeToyBackbone(const std::string& modelsDir, const std::string& id = "toy_pool", int size = 16) {
    const std::string dir = modelsDir + "/" + id;
    std::filesystem::create_directories(dir);
    torch::jit::Module m("ToyPool");
    m.define(R"JIT(
def forward(self, x):
    return torch.flatten(torch.adaptive_avg_pool2d(x, [4, 4]), 1)
)JIT");
    m.save(dir + "/model.pt");
    std::ofstream(dir + "/manifest.json")
        << R"({"format": "taxoscope-backbone", "version": 1, "id": ")" << id << R"(", "displayName": "toy 4x4 pooling",
  "model": "model.pt", "inputWidth": )" << size << R"(, "inputHeight": )" << size << R"(, "normalization": "zero_to_one",
  "embeddingDim": )" << kToyEmbeddingDim << R"(, "output": "embedding", "license": "test"})";
}

// Writes <modelsDir>/<id>/model.pt and manifest.json: a backbone with weights to fine-tune (`train --unfreeze 1`;
// a TorchScript backbone is one block). A seeded 3x3 convolution (3 -> 3 channels, with bias) and ReLU before the same
// 4x4 average pooling as writeToyBackbone: 48 values, about 100 trainable backbone weights, a CPU epoch in milliseconds.
inline void writeToyConvBackbone(const std::string& modelsDir, const std::string& id = "toy_conv", int size = 16) {
    const std::string dir = modelsDir + "/" + id;
    std::filesystem::create_directories(dir);
    torch::jit::Module m("ToyConv");
    auto gen = at::detail::createCPUGenerator(4242);
    // Near the identity so that the untrained features already separate the classes, plus seeded noise to learn off.
    torch::Tensor weight = torch::zeros({3, 3, 3, 3});
    for (int c = 0; c < 3; ++c) weight[c][c][1][1] = 1.0;
    weight = weight + 0.05 * torch::randn({3, 3, 3, 3}, gen);
    m.register_parameter("weight", weight, false);
    m.register_parameter("bias", 0.01 * torch::randn({3}, gen), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.relu(torch.conv2d(x, self.weight, self.bias, [1, 1], [1, 1]))
    return torch.flatten(torch.adaptive_avg_pool2d(y, [4, 4]), 1)
)JIT");
    m.save(dir + "/model.pt");
    std::ofstream(dir + "/manifest.json")
        << R"({"format": "taxoscope-backbone", "version": 1, "id": ")" << id << R"(", "displayName": "toy convolution and 4x4 pooling",
  "model": "model.pt", "inputWidth": )" << size << R"(, "inputHeight": )" << size << R"(, "normalization": "zero_to_one",
  "embeddingDim": )" << kToyEmbeddingDim << R"(, "output": "embedding", "license": "test"})";
}

// One folder per class under root with perClass PNG photos each (24x24): a class-specific colour gradient under
// heavy seeded noise, so a head learns them but not perfectly. `unlabelled` more photos go directly into root.
inline std::vector<std::string> writeToyPhotos(const std::string& root, const std::vector<std::string>& classes, int perClass,
                                               int unlabelled, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0, 70);
    std::vector<std::string> written;
    auto photo = [&](int cls, const std::string& path) {
        cv::Mat img(24, 24, CV_8UC3);
        for (int y = 0; y < 24; ++y)
            for (int x = 0; x < 24; ++x)
                for (int c = 0; c < 3; ++c) {
                    const double base = cls < 0 ? 128 : 60 + 40 * ((cls + c) % 4) + (c == cls % 3 ? 3.0 * (x - y) : 0.0);
                    img.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(base + noise(rng));
                }
        cv::imwrite(path, img);
        written.push_back(path);
    };
    for (std::size_t c = 0; c < classes.size(); ++c) {
        std::filesystem::create_directories(root + "/" + classes[c]);
        for (int i = 0; i < perClass; ++i) photo(int(c), root + "/" + classes[c] + "/" + std::to_string(i) + ".png");
    }
    for (int i = 0; i < unlabelled; ++i) photo(-1, root + "/unlabelled_" + std::to_string(i) + ".png");
    return written;
}

}  // namespace taxo::test
