// Unit tests of the simulator's parts: generator, fixtures, faults, OAuth, store, log.
#define BOOST_TEST_MODULE ninjaone_sim_unit
#include <boost/test/unit_test.hpp>
