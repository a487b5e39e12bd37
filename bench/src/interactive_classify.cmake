# Issue 5 item 5: classifying one big photo through Predictor, as the classify page does (no Torch headers needed).
taxoscope_add_bench(interactive_classify SOURCES ${CMAKE_CURRENT_LIST_DIR}/interactive_classify.cpp)
