#pragma once
// Pure colours the image tests paint and look for, in RGB order (what decodeImage returns).
#include <opencv2/core.hpp>

namespace taxo::test::colours {

inline const cv::Vec3b kRed(255, 0, 0), kGreen(0, 255, 0), kBlue(0, 0, 255), kWhite(255, 255, 255),
    kGrey(128, 128, 128);

}  // namespace taxo::test::colours
