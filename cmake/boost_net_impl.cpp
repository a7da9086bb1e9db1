// The one translation unit that compiles Boost.Asio, its SSL layer and Boost.Beast
// (BOOST_*_SEPARATE_COMPILATION), so the files that use them compile quickly.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
