# Sources of core/data: specimens, import, splits, image decoding, augmentation.
target_sources(taxoscope_core PRIVATE
  data/specimen.cpp
  data/csv_writer.cpp
  data/split.cpp
)
