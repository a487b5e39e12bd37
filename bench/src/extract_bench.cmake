taxoscope_add_bench(extract_bench SOURCES src/extract_bench.cpp TORCH)
