# Sources of core/models.
target_sources(taxoscope_core PRIVATE
  models/head_config.cpp
  models/heads.cpp
)
