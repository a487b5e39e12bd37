# Issue 5 item 5: the app's interactive figures (opening 12,000 specimens, memory while scrolling, confusion paint).
taxoscope_add_bench(interactive_gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/interactive_gui.cpp QT)
