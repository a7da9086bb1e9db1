// Boost.JSON compiled from source into the fuzz targets, instead of Debian's shared
// libboost_json: the parser and serializer every target feeds bytes to are then
// instrumented too, so the fuzzer is guided by coverage inside them and ASan and UBSan
// check them. The executable's definitions take precedence over the shared library's.
#include <boost/json/src.hpp>
