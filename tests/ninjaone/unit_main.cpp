// Unit tests of the NinjaOne plugin's pure parts: ids, config, mapping, the walk cache.
#define BOOST_TEST_MODULE ninjaone_unit
#include <boost/test/unit_test.hpp>
