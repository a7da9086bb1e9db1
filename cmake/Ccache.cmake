# ccache, when installed, caches every compile (GCC and clang, every preset and the fuzz
# build). Included before any target is defined: a target takes its compiler launcher
# when it is created.
#
# The cache lives outside the source tree (ccache's default, ~/.cache/ccache, or
# CCACHE_DIR), so it outlives a checkout: a fresh CI clone compiles from it. Settings,
# passed to ccache through the launcher's environment so that they apply to this
# project only:
#  - CCACHE_BASEDIR = the source tree, CCACHE_NOHASHDIR: the paths on the compiler's
#    command line are made relative before hashing and the working directory is left
#    out of the hash, so two checkouts (a CI clone, a git worktree) share entries;
#  - -fdebug-prefix-map: debug information names files relative to the source tree, so
#    an object taken from the cache is the one this checkout would have compiled
#    (sanitizer reports name build/asan/../../host/x.cpp, not another clone's path);
#  - CCACHE_SLOPPINESS: what ccache's manual asks for precompiled headers
#    (cmake/PrecompiledHeaders.cmake): pch_defines and time_macros (no file of ours uses
#    __DATE__ or __TIME__), and the modification and change times of included files,
#    since a header's precompiled form is made moments before its first use.
# A launcher given on the command line (-DCMAKE_CXX_COMPILER_LAUNCHER=...) wins.
find_program(CONNECTOR_CCACHE ccache)
if(CONNECTOR_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(ccache_launcher
      ${CMAKE_COMMAND} -E env
      CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
      CCACHE_NOHASHDIR=1
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CONNECTOR_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${ccache_launcher})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${ccache_launcher})
  add_compile_options(-fdebug-prefix-map=${CMAKE_SOURCE_DIR}/=)
endif()
