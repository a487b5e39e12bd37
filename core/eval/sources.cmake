# Sources of core/eval.
target_sources(taxoscope_core PRIVATE
)
