// Unit tests of NinjaOne's dialect of the SDK client (no network).
#define BOOST_TEST_MODULE ninjaone_client_unit
#include <boost/test/unit_test.hpp>
