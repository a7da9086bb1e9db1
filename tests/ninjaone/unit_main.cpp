// Unit tests of the NinjaOne plugin's pure parts: ids, config, mapping.
#define BOOST_TEST_MODULE ninjaone_unit
#include <boost/test/unit_test.hpp>
