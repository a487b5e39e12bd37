taxoscope_add_bench(head_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/head_bench.cpp TORCH)
