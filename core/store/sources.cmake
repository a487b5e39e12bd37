# Sources of core/store.
target_sources(taxoscope_core PRIVATE
)
