# CONNECTOR_FUZZ: every library of the project is compiled with libFuzzer's coverage
# instrumentation (fuzzer-no-link) and with AddressSanitizer + UndefinedBehaviorSanitizer,
# so the fuzzer is guided by, and checks, the code under test and not only the targets'
# own files. The targets themselves link -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
# Included from the top CMakeLists.txt before any target is defined.
#
# Only the fuzz targets are meant to be built in such a tree (scripts/fuzz.sh builds
# `fuzz_targets`): clang does not link the sanitizer runtimes into shared objects, so
# the plugin modules, linked with -Wl,--no-undefined, do not link here.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "CONNECTOR_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++")
endif()
if(CONNECTOR_SANITIZE)
  message(FATAL_ERROR "CONNECTOR_FUZZ already builds with ASan and UBSan: leave CONNECTOR_SANITIZE off")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer
                    # line tables are all a crash report needs; full debug info only
                    # slowed CI's build of the targets
                    -gline-tables-only
                    # project_warnings' GCC-only -Wshadow=local: unknown to clang, not a finding
                    -Wno-unknown-warning-option)
add_link_options(-fsanitize=address,undefined)
