# The optional CUDA back end (src/gpu → gat_gpu). GAT_CUDA defaults to ON when a CUDA compiler
# is found (nvcc on the PATH, $CUDACXX, or /usr/local/cuda); -DGAT_CUDA=OFF builds without it.
# Kernels are built for sm_90 (H100/H200) with compute_90 PTX for newer GPUs, and the CUDA
# runtime is linked statically, so a binary built here runs on any machine with a driver new
# enough for it, without CUDA libraries installed.

if(NOT DEFINED GAT_CUDA OR GAT_CUDA)
  include(CheckLanguage)
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc CACHE FILEPATH "CUDA compiler")
  endif()
  check_language(CUDA)
endif()
set(_gat_cuda_default OFF)
if(CMAKE_CUDA_COMPILER)
  set(_gat_cuda_default ON)
endif()
option(GAT_CUDA "Build the CUDA back end (gat_gpu)" ${_gat_cuda_default})

if(GAT_CUDA)
  if(NOT CMAKE_CUDA_COMPILER)
    message(FATAL_ERROR "gat: GAT_CUDA=ON but no CUDA compiler was found (set CUDACXX)")
  endif()
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
    # Not "native": configuring must work on machines without a GPU.
    set(CMAKE_CUDA_ARCHITECTURES "90-real;90-virtual")
  endif()
  set(CMAKE_CUDA_RUNTIME_LIBRARY Static)
  enable_language(CUDA)
  # CMake 3.25 does not know nvcc 13's flag for C++20 (newer CMake does).
  if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
    set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
    set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
  endif()
  find_package(CUDAToolkit REQUIRED)
  # Dependencies that name /usr/include (oneTBB) must not reach nvcc as -isystem: it would
  # break the host compiler's #include_next chain.
  list(APPEND CMAKE_CUDA_IMPLICIT_INCLUDE_DIRECTORIES /usr/include)
  message(STATUS "gat: CUDA ${CUDAToolkit_VERSION}, architectures ${CMAKE_CUDA_ARCHITECTURES}")
else()
  message(STATUS "gat: built without CUDA (GAT_CUDA=OFF or no CUDA compiler)")
endif()
