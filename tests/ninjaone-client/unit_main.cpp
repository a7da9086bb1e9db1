// Unit tests of the NinjaOne client layer's pure parts (no network).
#define BOOST_TEST_MODULE ninjaone_client_unit
#include <boost/test/unit_test.hpp>
