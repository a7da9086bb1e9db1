// The OpenSSL context shared by every connection of one client: TLS 1.2+, peer
// verification on, trusting either the system store or the configured CA file.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace connector::sdk::http {

// Throws connector::sdk::Error FAILED_PRECONDITION when ca_file cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& ca_file);

}  // namespace connector::sdk::http
