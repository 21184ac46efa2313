# Project-wide build settings as INTERFACE targets (the ccache way): a target opts in by
# linking them, nothing is set globally behind its back.

# INBOXPROBE_DEV turns warnings into errors. It defaults ON in a git checkout or under CI, so
# that contributors see what CI sees, and OFF in a release tarball, so that a newer compiler's
# new warning does not break a user's build.
if(DEFINED ENV{CI} OR EXISTS "${PROJECT_SOURCE_DIR}/.git")
  set(_inboxprobe_dev_default ON)
else()
  set(_inboxprobe_dev_default OFF)
endif()
option(INBOXPROBE_DEV "Treat compiler warnings as errors" ${_inboxprobe_dev_default})

set(INBOXPROBE_SANITIZE "" CACHE STRING
    "Comma-separated sanitizers to build with, e.g. address,undefined")

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(inboxprobe_settings INTERFACE)
target_compile_features(inboxprobe_settings INTERFACE cxx_std_20)
set_target_properties(inboxprobe_settings PROPERTIES INTERFACE_CXX_EXTENSIONS OFF)
# Project headers are included as <stage/file.hpp> from the source root. The one-way
# dependency rule (core <- stages <- reports <- app) is checked by scripts/check-deps.
target_include_directories(inboxprobe_settings INTERFACE "${PROJECT_SOURCE_DIR}")

if(INBOXPROBE_SANITIZE)
  target_compile_options(inboxprobe_settings INTERFACE
    -fsanitize=${INBOXPROBE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(inboxprobe_settings INTERFACE -fsanitize=${INBOXPROBE_SANITIZE})
endif()

# INBOXPROBE_FUZZ builds the libFuzzer executables of fuzz/ (scripts/fuzz): every
# project file gets libFuzzer's coverage instrumentation. It adds targets only;
# the product behaves the same.
option(INBOXPROBE_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)
if(INBOXPROBE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "INBOXPROBE_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  target_compile_options(inboxprobe_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()

add_library(inboxprobe_warnings INTERFACE)
target_compile_options(inboxprobe_warnings INTERFACE -Wall -Wextra -Wpedantic)
# g++ 12 at -O2 reports -Wmaybe-uninitialized for reads of engaged std::optional values
# (GCC bug 80635 and its duplicates); with -Werror that breaks correct code. The sanitizer
# and Debug builds in CI catch real uninitialised reads instead.
target_compile_options(inboxprobe_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
if(INBOXPROBE_DEV)
  target_compile_options(inboxprobe_warnings INTERFACE -Werror)
endif()

# inboxprobe_add_library(NAME SOURCES...): a stage library with the project settings.
function(inboxprobe_add_library name)
  add_library(${name} STATIC ${ARGN})
  target_link_libraries(${name} PUBLIC inboxprobe_settings PRIVATE inboxprobe_warnings)
endfunction()
