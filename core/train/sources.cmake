# Sources of core/train: features as plain data, head training, random search.
target_sources(taxoscope_core PRIVATE
  train/feature_set.cpp
  train/train_params.cpp
  train/trained_head.cpp
  train/cpu_autocast.cpp
  train/train_loop.cpp
  train/fused_adamw.cpp
  train/head_trainer.cpp
  train/image_train_params.cpp
  train/image_trainer.cpp
  train/random_search.cpp
  train/compute_setup.cpp
  train/feature_cache.cpp
  train/project_dataset.cpp
  train/embedding_pipeline.cpp
  train/extract_job.cpp
  train/project_features.cpp
  train/run_job.cpp
  train/near_duplicates.cpp
  train/label_suspects.cpp
)
