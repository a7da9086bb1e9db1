# Hardening of every binary the project builds (issue 20, item 8), the flags Debian's
# dpkg-buildflags gives its own packages:
#   -fstack-protector-strong   a canary in every function with an array or an address
#                              taken: a smashed stack aborts instead of returning
#   -D_FORTIFY_SOURCE=2        glibc's checked memcpy, snprintf, read... where the
#                              compiler knows the buffer's size; needs the optimizer,
#                              so only in the optimized configurations
#   -Wl,-z,relro -Wl,-z,now    relocations resolved at load, then the GOT read-only
# (Position-independent executables are Debian GCC's default.) tests/host/
# check_binary_hardening.py checks the results with readelf (CTest
# host.binary_hardening), and scripts/package.sh the packaged binaries.
#
# The sanitizer and fuzzing builds keep their own instrumentation and are left as
# they were: glibc's checked functions would hide accesses from ASan's interceptors.
# Included before ProjectOptions.cmake, so that every target gets the flags; the
# presets give CONNECTOR_TSAN on the command line, so it is known here already.
#
# -DCONNECTOR_HARDENING=OFF leaves the flags out: for a distribution's own build,
# which brings its flags (dpkg-buildflags), or a quick build that shares the compiler
# cache with one made before the flags existed. host.binary_hardening is then not
# registered.
option(CONNECTOR_HARDENING "Build with stack protector, _FORTIFY_SOURCE=2, RELRO and BIND_NOW" ON)
if(CONNECTOR_SANITIZE OR CONNECTOR_TSAN OR CONNECTOR_FUZZ)
  set(CONNECTOR_HARDENING OFF)
endif()

if(CONNECTOR_HARDENING)
  set(optimized $<CONFIG:Release,RelWithDebInfo,MinSizeRel>)
  add_compile_options(-fstack-protector-strong
                      # Undefined first: a toolchain that predefines another level warns.
                      $<${optimized}:-U_FORTIFY_SOURCE> $<${optimized}:-D_FORTIFY_SOURCE=2>)
  add_link_options(-Wl,-z,relro -Wl,-z,now)
endif()
