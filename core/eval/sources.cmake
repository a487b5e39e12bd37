# Sources of core/eval: metrics (sklearn definitions), exports.
target_sources(taxoscope_core PRIVATE
  eval/metrics.cpp
  eval/model_bundle.cpp
  eval/predictor.cpp
  eval/species_suggestions.cpp
  eval/grad_cam.cpp
)
