# Sources of core/store.
target_sources(taxoscope_core PRIVATE
  store/sqlite_db.cpp
  store/schema.cpp
  store/project_store.cpp
  store/project_counts.cpp
  store/label_export.cpp
  store/project_import.cpp
  store/project_split.cpp
  store/project_summary.cpp
)
