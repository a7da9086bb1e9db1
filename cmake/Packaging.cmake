# Debian packages, built by CPack from the install rules (scripts/package.sh):
#   connector-host      (component "runtime") the host, the plugins, the systemd unit,
#                       the example manifests and the docs
#   connector-host-dev  (component "dev") the plugin ABI and SDK headers, the SDK
#                       library and its CMake package config, for plugin authors
# Every install() rule names one of the two components. The layout is the FHS one
# when configured with CMAKE_INSTALL_PREFIX=/usr (what scripts/package.sh does):
#   /usr/bin/connector-host, /usr/libexec/connector-host/connector-worker (the process
#   each plugin runs in), /usr/lib/connector-host/plugins/,
#   /lib/systemd/system/connector-host.service, /etc/connector-host/manifests/,
#   /usr/share/doc/connector-host/ (README, examples/manifests/), and the built-in
#   state directory /var/lib/connector-host (systemd's StateDirectory= makes it).
# See docs/packaging.md.

# The Maintainer field (and the changelog's signature). The project has no mail
# address yet: an .invalid one (RFC 2606) until it does; set it to package for real.
set(CONNECTOR_PACKAGE_MAINTAINER "connector-host maintainers <maintainers@connector-host.invalid>"
    CACHE STRING "The Maintainer field of the Debian packages: 'Name <address>'")

# Where the systemd unit goes: for the package, /lib/systemd/system (Debian 12's place
# for packaged units; the move to /usr/lib came after bookworm, and lintian checks
# it); for another prefix, PREFIX/lib/systemd/system (/usr/local/lib/systemd/system
# is on systemd's search path too).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(default_unit_dir /lib/systemd/system)
else()
  set(default_unit_dir lib/systemd/system)
endif()
set(CONNECTOR_SYSTEMD_UNIT_DIR ${default_unit_dir}
    CACHE PATH "Where the systemd unit connector-host.service is installed")

# The unit names the binary (and the docs) by installed path; the file in deploy/
# says /usr/bin/connector-host, the packaged layout, and other prefixes get theirs.
file(READ ${PROJECT_SOURCE_DIR}/deploy/connector-host.service connector_unit)
string(REPLACE "/usr/bin/connector-host" "${CMAKE_INSTALL_FULL_BINDIR}/connector-host"
       connector_unit "${connector_unit}")
string(REPLACE "/usr/share/doc/connector-host" "${CMAKE_INSTALL_FULL_DATAROOTDIR}/doc/connector-host"
       connector_unit "${connector_unit}")
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/packaging/connector-host.service
     CONTENT "${connector_unit}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/deploy/connector-host.service)
install(FILES ${PROJECT_BINARY_DIR}/packaging/connector-host.service
        DESTINATION ${CONNECTOR_SYSTEMD_UNIT_DIR} COMPONENT runtime)

# The directory the unit (and the built-in default, see host/cli/CMakeLists.txt)
# reads manifests from; empty: the operator puts the connectors' manifests there.
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/connector-host/manifests
        COMPONENT runtime)

# Docs. Debian wants each package's own /usr/share/doc/<package>/ with its copyright
# and changelog.Debian.gz (compressed at build time: gzip -9n, reproducible).
set(connector_doc_root ${CMAKE_INSTALL_DATAROOTDIR}/doc)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${connector_doc_root}/connector-host COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/host/README.md
        DESTINATION ${connector_doc_root}/connector-host RENAME README.host.md
        COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/README.md
        DESTINATION ${connector_doc_root}/connector-host RENAME README.deploy.md
        COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/plugins/ninjaone/README.md
        DESTINATION ${connector_doc_root}/connector-host RENAME README.ninjaone.md
        COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/plugins/scim/README.md
        DESTINATION ${connector_doc_root}/connector-host RENAME README.scim.md
        COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/manifests/
        DESTINATION ${connector_doc_root}/connector-host/examples/manifests
        COMPONENT runtime FILES_MATCHING PATTERN "*.json")

find_program(CONNECTOR_GZIP gzip)
# The build's date, or $SOURCE_DATE_EPOCH's for a reproducible package.
string(TIMESTAMP CONNECTOR_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(package connector-host connector-host-dev)
  if(package STREQUAL "connector-host")
    set(component runtime)
  else()
    set(component dev)
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/changelog.in
                 ${PROJECT_BINARY_DIR}/packaging/${package}/changelog.Debian @ONLY)
  if(CONNECTOR_GZIP)
    add_custom_command(
      OUTPUT ${PROJECT_BINARY_DIR}/packaging/${package}/changelog.Debian.gz
      COMMAND ${CONNECTOR_GZIP} -9nkf ${PROJECT_BINARY_DIR}/packaging/${package}/changelog.Debian
      DEPENDS ${PROJECT_BINARY_DIR}/packaging/${package}/changelog.Debian
      COMMENT "Compressing the Debian changelog of ${package}")
    add_custom_target(${package}_changelog ALL
                      DEPENDS ${PROJECT_BINARY_DIR}/packaging/${package}/changelog.Debian.gz)
    install(FILES ${PROJECT_BINARY_DIR}/packaging/${package}/changelog.Debian.gz
            DESTINATION ${connector_doc_root}/${package} COMPONENT ${component})
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright
          DESTINATION ${connector_doc_root}/${package} COMPONENT ${component})
  # lintian's overrides, each with its reason (packaging/debian/lintian-overrides.in).
  configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/lintian-overrides.in
                 ${PROJECT_BINARY_DIR}/packaging/${package}/lintian-overrides @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/packaging/${package}/lintian-overrides
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME ${package}
          COMPONENT ${component})
endforeach()

# The manual page, made from --help and --version by help2man (scripts/setup.sh
# --packaging installs it), so it cannot disagree with the binary.
find_program(CONNECTOR_HELP2MAN help2man)
if(CONNECTOR_HELP2MAN AND CONNECTOR_GZIP)
  set(manual ${PROJECT_BINARY_DIR}/packaging/connector-host.1)
  add_custom_command(
    OUTPUT ${manual}.gz
    COMMAND ${CONNECTOR_HELP2MAN} --no-info --section 1
            --name "identity-governance connector host" --output ${manual}
            $<TARGET_FILE:connector-host>
    COMMAND ${CONNECTOR_GZIP} -9nf ${manual}
    DEPENDS connector-host
    COMMENT "Writing the manual page connector-host(1) with help2man")
  add_custom_target(connector-host_manual ALL DEPENDS ${manual}.gz)
  install(FILES ${manual}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
endif()

# Everything the install rules name, as one target. A build that made only what its
# tests run (scripts/sanitize.sh builds the test programs and what they start) has not
# made the generated files above; sdk.out_of_tree_plugin, which installs this build,
# builds this target first so `cmake --install` finds every file it copies.
add_custom_target(connector_installables)
foreach(installed connector-host connector-worker ninjaone scim connector_sdk boost_net
                  connector-host_changelog connector-host-dev_changelog connector-host_manual)
  if(TARGET ${installed})
    add_dependencies(connector_installables ${installed})
  endif()
endforeach()

# Package metadata.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME connector-host)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "connector-host")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CONNECTOR_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # connector-host_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
# Installed files are stripped; directories 0755 whatever the umask of the build.
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# Depends: from the libraries the binaries link (dpkg-shlibdeps), plus what is
# loaded at run time and so invisible to it: the CA bundle the plugins verify with.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME connector-host)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "identity-governance connector host, NinjaOne and SCIM connectors
connector-host loads connector plugins through a stable C ABI, validates
each connector's manifest against the plugin's JSON Schema, syncs what the
connected system lists (users, roles, organizations, grants) into a local
SQLite store for access reviews, and grants and revokes access, from the
command line or as a service with a scheduler, health checks and
Prometheus metrics.
.
This package holds the host, the worker process each plugin runs in, the
NinjaOne and SCIM 2.0 plugins, a hardened systemd unit
(connector-host.service, not enabled on install) and example manifests.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME connector-host-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "connector-host")
# What plugin-api/connectorConfig.cmake.in finds (Boost.JSON and Boost.URL, Asio/Beast
# headers, OpenSSL): the package alone then builds an out-of-tree plugin.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libboost1.81-dev, libboost-json1.81-dev, libboost-url1.81-dev, libssl-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "development files for connector-host plugins
connector-host loads connector plugins (shared libraries) through a stable C
ABI. This package holds the ABI headers (C), the C++ SDK plugin authors derive
from, and the CMake package configuration to build a plugin against them.")

include(CPack)
