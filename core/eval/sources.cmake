# Sources of core/eval: metrics (sklearn definitions), exports.
target_sources(taxoscope_core PRIVATE
  eval/metrics.cpp
  eval/grad_cam.cpp
)
