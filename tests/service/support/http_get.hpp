// One blocking HTTP/1.1 GET (or another method) to 127.0.0.1 for tests.
#pragma once

#include <string>

namespace service_tests {

struct HttpAnswer {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

// Throws boost::system::system_error when the server does not answer within 5 s.
HttpAnswer http_request(unsigned short port, const std::string& target,
                        const std::string& method = "GET");

}  // namespace service_tests
