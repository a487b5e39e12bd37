# Sources of core/train: features as plain data, head training, random search.
target_sources(taxoscope_core PRIVATE
  train/feature_set.cpp
  train/train_params.cpp
  train/trained_head.cpp
  train/head_trainer.cpp
  train/random_search.cpp
  train/near_duplicates.cpp
  train/label_suspects.cpp
)
