# Precompiled headers for the heavy libraries every part of the project includes
# (Boost.JSON, Boost.Asio and Beast, Boost.Test, Boost.Program_options, spdlog and the
# standard library), applied by one pass over the project's targets instead of a line
# in each folder's CMakeLists.txt.
#
# Why: parsing those headers is most of the work of a typical file of ours. Measured
# with GCC 12 (CPU seconds, on the shared 2-core machine), under ASan at -O1: a host
# command file 8.0 s without, 3.7 s with a precompiled header; a Boost.Test file 13.3
# and 10.4 s (at -O3: 6.4 and 2.2 s, 7.3 and 4.5 s). Making the precompiled header costs
# 11 to 21 s per target, so only targets with enough files to repay it get one.
#
# What a target gets is decided by what it links (directly or through the project's
# own libraries): Boost::json brings <boost/json.hpp>, boost_net brings Asio and Beast,
# Boost::unit_test_framework brings <boost/test/unit_test.hpp>, and so on. The header is
# compiled with the target's own flags and definitions, so it always matches the files
# that use it. A file that defines BOOST_TEST_MODULE (a test program's main) is left
# out: it must define the macro before Boost.Test is first included.
#
# CONNECTOR_PCH=OFF builds without them, as scripts/fuzz.sh does for clang (ccache cannot
# share clang's between checkouts; see there). Some build should: a file that forgets an
# include of its own compiles only because the precompiled header brought it. With GCC
# 12 the fuzz build and the release preset's optimized targets (all but the test
# programs) are such builds; no build checks the test files for it.
option(CONNECTOR_PCH "Precompile the heavy library headers of targets with many files" ON)
set(CONNECTOR_PCH_MIN_FILES 5 CACHE STRING
    "Fewest C++ files a target needs to get a precompiled header (it costs about three files)")

# Every header family, keyed by the library that brings it.
set(connector_pch_std
    <algorithm> <chrono> <cstdint> <filesystem> <functional> <map> <memory> <mutex>
    <optional> <string> <string_view> <thread> <unordered_map> <utility> <vector>)
set(connector_pch_for_Boost::json <boost/json.hpp>)
set(connector_pch_for_boost_net
    <boost/asio.hpp> <boost/asio/ssl.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp>
    <boost/beast/ssl.hpp>)
set(connector_pch_for_Boost::unit_test_framework <boost/test/unit_test.hpp>)
set(connector_pch_for_Boost::program_options <boost/program_options.hpp>)
set(connector_pch_for_spdlog::spdlog <spdlog/spdlog.h>)
set(connector_pch_libraries
    Boost::json boost_net Boost::unit_test_framework Boost::program_options spdlog::spdlog)

# Every target defined in `directory` and below.
function(connector_targets_below directory out)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    connector_targets_below(${subdirectory} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The libraries `target` links, directly or through the project's own targets (whose
# usage requirements it inherits). Names as written, generator expressions unwrapped.
function(connector_linked_libraries target out)
  set(seen "")
  set(pending ${target})
  set(first TRUE)
  while(pending)
    list(POP_FRONT pending current)
    if(NOT TARGET ${current})
      continue()
    endif()
    get_target_property(aliased ${current} ALIASED_TARGET)
    if(aliased)
      set(current ${aliased})
    endif()
    get_target_property(imported ${current} IMPORTED)
    if(imported)
      continue()  # an imported library's own dependencies are not ours to look at
    endif()
    set(libraries "")
    if(first)
      get_target_property(libraries ${current} LINK_LIBRARIES)
      set(first FALSE)
    endif()
    get_target_property(interface ${current} INTERFACE_LINK_LIBRARIES)
    foreach(library IN LISTS libraries interface)
      if(library MATCHES "^\\$<LINK_ONLY:")
        continue()  # linked, but its usage requirements (definitions) do not reach us
      endif()
      # $<BUILD_INTERFACE:x> and the like: the name is what matters here.
      string(REGEX REPLACE "^\\$<[A-Z_]+:(.+)>$" "\\1" library "${library}")
      if(library AND NOT library MATCHES "NOTFOUND$" AND NOT library IN_LIST seen)
        list(APPEND seen ${library})
        list(APPEND pending ${library})
      endif()
    endforeach()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

# The C++ files of `target` that can use a precompiled header, as absolute paths.
function(connector_pch_files target out)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(files "")
  foreach(source IN LISTS sources)
    if(source MATCHES "^\\$<" OR NOT source MATCHES "\\.(cpp|cc|cxx)$")
      continue()
    endif()
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir} OUTPUT_VARIABLE file)
    if(EXISTS ${file})
      file(STRINGS ${file} test_module REGEX "^#define BOOST_TEST_MODULE" LIMIT_COUNT 1)
      if(test_module)
        set_source_files_properties(${file} TARGET_DIRECTORY ${target}
                                    PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
        continue()
      endif()
    endif()
    list(APPEND files ${file})
  endforeach()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# GCC 12 (Debian 12's) optimizing at -O3 with a precompiled header reports false
# -Wstringop-overflow and -Warray-bounds warnings inside libstdc++'s std::string
# (char_traits.h: "specified bound between 9223372036854775810 and ...") wherever a file
# of ours concatenates strings; the same file compiled at -O3 with the same headers
# included as text, or at -O2 or -O1 with the precompiled header, does not warn (checked
# on plugins/ninjaone/client/endpoint.cpp). Rather than silence two useful warnings, a
# -O3 build (the release preset) with GCC before 13 compiles its optimized targets
# without precompiled headers (its -O0 test programs keep theirs); the sanitizer builds
# (-O1), the debug build and RelWithDebInfo (-O2) use them everywhere.
function(connector_pch_supported out)
  set(${out} TRUE PARENT_SCOPE)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
    if("${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}}" MATCHES "-O3")
      set(${out} FALSE PARENT_SCOPE)
    endif()
  endif()
endfunction()

# The pass: call once, after every add_subdirectory() and after
# connector_unoptimized_test_programs(), whose -O0 programs get theirs in every build.
function(connector_precompile_headers)
  if(NOT CONNECTOR_PCH)
    return()
  endif()
  connector_pch_supported(supported)
  if(NOT supported)
    message(STATUS "Precompiled headers: only for the -O0 test programs (GCC "
                   "${CMAKE_CXX_COMPILER_VERSION} at -O3 misreports std::string with them; "
                   "see cmake/PrecompiledHeaders.cmake)")
  endif()
  connector_targets_below(${CMAKE_SOURCE_DIR} targets)
  set(applied 0)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    get_target_property(unoptimized ${target} CONNECTOR_UNOPTIMIZED)
    if(NOT supported AND NOT unoptimized)
      continue()
    endif()
    connector_pch_files(${target} files)
    list(LENGTH files count)
    if(count LESS CONNECTOR_PCH_MIN_FILES)
      continue()
    endif()
    connector_linked_libraries(${target} linked)
    set(headers ${connector_pch_std})
    foreach(library IN LISTS connector_pch_libraries)
      if(library IN_LIST linked)
        list(APPEND headers ${connector_pch_for_${library}})
      endif()
    endforeach()
    list(TRANSFORM headers PREPEND "$<$<COMPILE_LANGUAGE:CXX>:")  # C files of the target keep none
    list(TRANSFORM headers APPEND ">")
    target_precompile_headers(${target} PRIVATE ${headers})
    math(EXPR applied "${applied} + 1")
  endforeach()
  message(STATUS "Precompiled headers: ${applied} targets with ${CONNECTOR_PCH_MIN_FILES} or more files")
endfunction()
