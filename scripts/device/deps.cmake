# Used only by scripts/device/cuda_check.sh on a lent GPU machine, through -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES.
# That machine has CUDA LibTorch (pip torch, no CMake package config we rely on) and none of Taxoscope's other
# dependencies; scripts/device/pack.sh carries those as headers + libraries in TAXOSCOPE_DEVICE_DEPS. A CMake
# dependency provider answers the project's find_package() calls from there, so CMakeLists.txt stays as it is.
set(_deps "${TAXOSCOPE_DEVICE_DEPS}")
if(NOT IS_DIRECTORY "${_deps}/lib")
  message(FATAL_ERROR "TAXOSCOPE_DEVICE_DEPS must point at the unpacked deps.tar.xz of scripts/device/pack.sh")
endif()

function(_taxo_imported target)
  cmake_parse_arguments(I "" "" "LIBS" ${ARGN})
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_deps}/include"
                                             INTERFACE_LINK_LIBRARIES "${I_LIBS}")
endfunction()

macro(_taxo_device_provider method name)
  if("${name}" STREQUAL "Torch")
    if(NOT TAXOSCOPE_DEVICE_PYTHON)
      set(TAXOSCOPE_DEVICE_PYTHON python3)
    endif()
    execute_process(COMMAND ${TAXOSCOPE_DEVICE_PYTHON} -c "import torch, os; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.__version__)"
                    OUTPUT_VARIABLE _torch OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
    string(REPLACE "\n" ";" _torch "${_torch}")
    list(GET _torch 0 _torch_dir)
    list(GET _torch 1 _torch_abi)
    list(GET _torch 2 _torch_version)
    message(STATUS "Torch ${_torch_version} from ${_torch_dir} (CXX11 ABI ${_torch_abi})")
    set(TORCH_INCLUDE_DIRS "${_torch_dir}/include" "${_torch_dir}/include/torch/csrc/api/include")
    set(TORCH_LIBRARIES "${_torch_dir}/lib/libtorch.so" "${_torch_dir}/lib/libtorch_cpu.so" "${_torch_dir}/lib/libc10.so"
        "-Wl,-rpath,${_torch_dir}/lib")
    if(EXISTS "${_torch_dir}/lib/libtorch_cuda.so")
      # --no-as-needed: nothing references libtorch_cuda directly, but loading it registers the CUDA kernels.
      list(PREPEND TORCH_LIBRARIES "-Wl,--no-as-needed" "${_torch_dir}/lib/libtorch_cuda.so" "${_torch_dir}/lib/libc10_cuda.so"
           "-Wl,--as-needed")
    else()
      message(WARNING "${_torch_dir} has no libtorch_cuda.so: this build runs on the CPU only")
    endif()
    add_compile_definitions(_GLIBCXX_USE_CXX11_ABI=${_torch_abi})
    string(REGEX MATCH "^[0-9]+\\.[0-9]+" _torch_release "${_torch_version}")
    if(_torch_release VERSION_GREATER_EQUAL 2.13)
      set(CMAKE_CXX_STANDARD 20)  # ATen's headers demand C++20 from 2.13 on
    endif()
    set(Torch_FOUND TRUE)
  elseif("${name}" STREQUAL "OpenCV")
    set(OpenCV_INCLUDE_DIRS "${_deps}/include/opencv4")
    set(OpenCV_LIBS "${_deps}/lib/libopencv_imgcodecs.so" "${_deps}/lib/libopencv_imgproc.so" "${_deps}/lib/libopencv_core.so"
        "-Wl,-rpath-link,${_deps}/lib")
    set(OpenCV_FOUND TRUE)
  elseif("${name}" STREQUAL "nlohmann_json")
    _taxo_imported(nlohmann_json::nlohmann_json)
    set(nlohmann_json_FOUND TRUE)
  elseif("${name}" STREQUAL "CLI11")
    _taxo_imported(CLI11::CLI11)
    set(CLI11_FOUND TRUE)
  elseif("${name}" STREQUAL "OpenSSL")
    if(NOT TARGET OpenSSL::Crypto)
      _taxo_imported(OpenSSL::Crypto LIBS "${_deps}/lib/libcrypto.so")
    endif()
    set(OpenSSL_FOUND TRUE)
  elseif("${name}" STREQUAL "PkgConfig")
    set(PkgConfig_FOUND TRUE)  # pkg_check_modules below answers from the carried libraries
  else()
    find_package(${name} ${ARGN} BYPASS_PROVIDER)
  endif()
endmacro()
cmake_language(SET_DEPENDENCY_PROVIDER _taxo_device_provider SUPPORTED_METHODS FIND_PACKAGE)

# The project asks pkg-config for sqlite3 and libxxhash only.
function(pkg_check_modules prefix)
  set(_names sqlite3 sqlite3 libxxhash xxhash)
  foreach(arg ${ARGN})
    list(FIND _names "${arg}" _i)
    if(_i GREATER_EQUAL 0)
      math(EXPR _i "${_i} + 1")
      list(GET _names ${_i} _lib)
      _taxo_imported(PkgConfig::${prefix} LIBS "${_deps}/lib/lib${_lib}.so")
      set(${prefix}_FOUND TRUE PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "scripts/device/deps.cmake: no carried library for pkg_check_modules(${ARGN})")
endfunction()
