// Unit tests of connector_host_lib's pieces, linked in-process.
#define BOOST_TEST_MODULE connector - host library
#include <boost/test/unit_test.hpp>
