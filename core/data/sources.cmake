# Sources of core/data: specimens, import, splits, image decoding, augmentation.
target_sources(taxoscope_core PRIVATE
  data/specimen.cpp
  data/csv_writer.cpp
  data/csv_reader.cpp
  data/import_report.cpp
  data/file_check.cpp
  data/import_pipeline.cpp
  data/metadata_import.cpp
  data/folder_import.cpp
  data/image_io.cpp
  data/preprocess.cpp
  data/augment.cpp
  data/split.cpp
)
