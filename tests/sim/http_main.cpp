// Tests of the ninjaone-sim program over HTTP(S): endpoints, error shapes, faults,
// control API and request log.
#define BOOST_TEST_MODULE ninjaone_sim_http
#include <boost/test/unit_test.hpp>
