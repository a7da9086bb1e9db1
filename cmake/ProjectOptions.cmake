# Project-wide compiler settings: warnings on and kept at zero, optional sanitizers.
add_library(project_warnings INTERFACE)
target_compile_options(project_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>
  # GCC 12 reports impossible overlaps inside libstdc++'s std::string concatenation at
  # -O2/-O3 (GCC bug 105329, fixed in 13); the warning points into char_traits.h, not
  # at our code, so it is silenced for that compiler only.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)

# Sanitizers instrument every target, plugins and the simulator included, so a test's
# child processes are checked as well as the test itself. ThreadSanitizer cannot be
# combined with AddressSanitizer, hence its own option (and its own build directory).
option(CONNECTOR_TSAN "Build with ThreadSanitizer" OFF)
if(CONNECTOR_SANITIZE AND CONNECTOR_TSAN)
  message(FATAL_ERROR "CONNECTOR_SANITIZE (ASan+UBSan) and CONNECTOR_TSAN exclude each other")
endif()
# GCC's manual warns that sanitizers raise the rate of false -Wmaybe-uninitialized
# warnings; under ASan GCC 12 reports them inside libstdc++'s <regex>. The release
# build keeps the warning, so our code is still checked for it. GCC also says (-Wtsan)
# that TSan does not model std::atomic_thread_fence, which Boost.Asio uses in its
# handler fences and reference counts; we use no fences ourselves. Under TSan, GCC 12
# with a precompiled header reports false -Warray-bounds and -Wstringop-overflow inside
# libstdc++'s std::string (char_traits.h: "forming offset [32, N] is out of the bounds
# [0, 32]", "writing N bytes into a region of size 16") in the store's files that build
# strings from SQLite columns, as it does at -O3 (cmake/PrecompiledHeaders.cmake); the
# same files under ASan and in release do not warn, and those builds keep both warnings.
#
# Sanitizer builds compile at -O1 with line tables only (-g1): the sanitizers' own
# advice for speed, and a report still names every frame's file and line. Measured on
# a test file of ours under ASan: 37 s at RelWithDebInfo's -O2 -g, 19 s at -O1 -g1, which
# is what lets CI build the suite under both ASan and TSan. Placed after the build
# type's flags on the command line, so these win.
set(sanitizer_code_generation -O1 -g1)
if(CONNECTOR_SANITIZE)
  add_compile_options(${sanitizer_code_generation} -fsanitize=address,undefined
                      -fno-omit-frame-pointer -fno-sanitize-recover=undefined
                      $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CONNECTOR_TSAN)
  set(gcc_before_13 "$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>")
  add_compile_options(${sanitizer_code_generation} -fsanitize=thread -fno-omit-frame-pointer
                      $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan>
                      "$<${gcc_before_13}:-Wno-array-bounds;-Wno-stringop-overflow>")
  add_link_options(-fsanitize=thread)
endif()

# The Boost.Test programs themselves compile at -O0 in every build; what they test
# (the project's libraries, connector-host, the plugins, the simulator) keeps the
# build's level: -O3 in release, -O1 under the sanitizers. A test file is mostly
# Boost.Test macros and JSON literals that run once, its time goes to waiting on the
# processes it starts, and optimizing it was about a third of a cold build. Measured
# with GCC 12 on crash_test.cpp under ASan: 7.2 s of CPU at -O1, 4.1 s at -O0. In the
# release build -O0 also lets them use precompiled headers, which GCC 12 cannot at
# -O3 (cmake/PrecompiledHeaders.cmake). The sanitizers check -O0 code as well (nothing
# is optimized away); GCC's flow-based warnings (-Wmaybe-uninitialized and the like)
# no longer look at test files, only at the code they test. _FORTIFY_SOURCE, which
# needs the optimizer, is undefined again for them.
#
# A pass over the targets below tests/ (connector_targets_below is in
# PrecompiledHeaders.cmake): call once, after every add_subdirectory(). Each program it
# changes gets the target property CONNECTOR_UNOPTIMIZED.
function(connector_unoptimized_test_programs)
  if(NOT CONNECTOR_BUILD_TESTS)
    return()  # tests/ was not added (the packages' and the fuzz build)
  endif()
  connector_targets_below(${CMAKE_SOURCE_DIR}/tests targets)
  set(programs 0)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(libraries ${target} LINK_LIBRARIES)
    if(type STREQUAL "EXECUTABLE" AND "Boost::unit_test_framework" IN_LIST libraries)
      target_compile_options(${target} PRIVATE -O0 -U_FORTIFY_SOURCE)
      set_property(TARGET ${target} PROPERTY CONNECTOR_UNOPTIMIZED ON)
      math(EXPR programs "${programs} + 1")
    endif()
  endforeach()
  message(STATUS "Boost.Test programs at -O0: ${programs}")
endfunction()

# Boost.Asio and Boost.Beast are header-only by default, which makes every file that
# includes them slow to compile. Their implementation is compiled once, in
# boost_net_impl.cpp, and every networking target links `boost_net`.
add_library(boost_net STATIC ${CMAKE_CURRENT_LIST_DIR}/boost_net_impl.cpp)
target_compile_definitions(boost_net PUBLIC
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED)
target_link_libraries(boost_net PUBLIC Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
