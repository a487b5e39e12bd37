# Sources of core/train: features as plain data, head training, random search.
target_sources(taxoscope_core PRIVATE
  train/feature_set.cpp
)
