# Checks the dynamic symbols a library defines, as `nm -D --defined-only` lists
# them, against the exact list expected: a plugin must export its entry symbol and
# nothing else (a leaked symbol can clash with the host's or another plugin's).
#
#   cmake -DNM=nm -DLIBRARY=libconn_fixture.so -DEXPECTED=conn_plugin_entry -P check_exports.cmake
foreach(var NM LIBRARY EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_exports.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
                OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}: ${errors}")
endif()

# Each line is "ADDRESS TYPE NAME"; keep the names.
string(REPLACE "\n" ";" lines "${listing}")
set(exported "")
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-fA-F]+ [A-Za-z] (.+)$")
    list(APPEND exported "${CMAKE_MATCH_1}")
  endif()
endforeach()

list(SORT exported)
set(expected ${EXPECTED})
list(SORT expected)
if(NOT exported STREQUAL expected)
  message(FATAL_ERROR "${LIBRARY} exports [${exported}], expected exactly [${expected}]")
endif()
message(STATUS "${LIBRARY} exports exactly [${exported}]")
