#include "http/tls_context.hpp"

#include <connector/sdk.hpp>

namespace connector::sdk::http {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const std::string& ca_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  context->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (ca_file.empty()) {
    context->set_default_verify_paths(ec);
    if (ec) {
      throw connector::sdk::Error(CONN_FAILED_PRECONDITION,
                                  "cannot load the system trust store: " + ec.message());
    }
  } else {
    context->load_verify_file(ca_file, ec);
    if (ec) {
      throw connector::sdk::Error(CONN_FAILED_PRECONDITION,
                                  "cannot load ca_file '" + ca_file + "': " + ec.message());
    }
  }
  return context;
}

}  // namespace connector::sdk::http
