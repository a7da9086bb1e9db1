// Tests of the NinjaOne client layer against the real simulator over HTTPS.
#define BOOST_TEST_MODULE ninjaone_client_sim
#include <boost/test/unit_test.hpp>
