# Sources of core/train.
target_sources(taxoscope_core PRIVATE
)
