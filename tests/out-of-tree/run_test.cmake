# CTest driver of sdk.out_of_tree_plugin: installs this build into a fresh prefix,
# builds the fixture connector out of tree against it (find_package(connector)), and
# loads the result with the INSTALLED connector-host:
#   connector-host --plugins DIR plugins -o json
# must show the plugin loaded. Run with cmake -P and:
#   BUILD_DIR      this build tree          SOURCE_DIR  this source tree
#   WORK_DIR       a scratch folder (emptied first)
#   CXX_COMPILER   the compiler of this build   EXTRA_FLAGS  sanitizer flags, or ""
cmake_minimum_required(VERSION 3.25)

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
set(plugin_build ${WORK_DIR}/build)
set(plugin_dir ${WORK_DIR}/plugins)
file(MAKE_DIRECTORY ${plugin_dir})

# A sanitizer build makes only what its tests run (scripts/sanitize.sh): make the rest of
# what the install rules name first (a no-op in a full build).
run("building what is installed" ${CMAKE_COMMAND} --build ${BUILD_DIR} --target connector_installables)
run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(installed
    lib/cmake/connector/connectorConfig.cmake
    share/connector/plugin-exports.map
    include/connector/sdk.hpp
    include/connector/sdk/config_reader.hpp)
  if(NOT EXISTS ${prefix}/${installed})
    message(FATAL_ERROR "cmake --install did not install ${installed}")
  endif()
endforeach()

run("configuring the out-of-tree plugin"
  ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/out-of-tree/project -B ${plugin_build} -G Ninja
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  "-DCMAKE_CXX_FLAGS=${EXTRA_FLAGS}"
  "-DCMAKE_MODULE_LINKER_FLAGS=${EXTRA_FLAGS}"
  -DCMAKE_PREFIX_PATH=${prefix}
  -DCONNECTOR_FIXTURE_DIR=${SOURCE_DIR}/tests/test-plugins/fixture)
run("building the out-of-tree plugin" ${CMAKE_COMMAND} --build ${plugin_build})
file(COPY ${plugin_build}/libconn_fixture.so DESTINATION ${plugin_dir})

run("connector-host plugins"
  ${prefix}/bin/connector-host --plugins ${plugin_dir} --state ${WORK_DIR}/state plugins -o json)
# One JSON object per line: the fixture's must say it loaded.
string(REPLACE "\n" ";" lines "${run_output}")
set(found FALSE)
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(JSON id ERROR_VARIABLE no_id GET "${line}" id)
  string(JSON status GET "${line}" status)
  if(status STREQUAL "failed")
    message(FATAL_ERROR "the installed host could not load a plugin: ${line}")
  endif()
  if(id STREQUAL "fixture")
    string(JSON path GET "${line}" path)
    string(FIND "${path}" "${plugin_dir}/" at)
    if(NOT status STREQUAL "loaded" OR NOT at EQUAL 0)
      message(FATAL_ERROR "the fixture was not loaded from the out-of-tree build: ${line}")
    endif()
    set(found TRUE)
  endif()
endforeach()
if(NOT found)
  message(FATAL_ERROR "connector-host plugins did not list the fixture:\n${run_output}")
endif()
message(STATUS "the installed host loaded the out-of-tree fixture from ${plugin_dir}")
