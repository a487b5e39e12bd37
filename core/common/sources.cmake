# Sources of core/common: errors as values, job control, hashing, atomic files.
target_sources(taxoscope_core PRIVATE
  common/result.cpp
  common/job.cpp
  common/content_hash.cpp
  common/atomic_file.cpp
)
