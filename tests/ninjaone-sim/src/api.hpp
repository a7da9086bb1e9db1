// The simulated NinjaOne API: turns one HTTP request into a Reply. Routing, the
// /api prefix, bearer-token and scope checks live here; each area's handlers live in
// their own file (handlers.hpp).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "faults.hpp"
#include "oauth.hpp"
#include "reply.hpp"
#include "request_log.hpp"
#include "response_cache.hpp"
#include "store.hpp"

namespace ninjaone_sim {

namespace http = boost::beast::http;

struct ApiOptions {
  // NinjaOne is reported to refuse ticket creation with a client-credentials token
  // ({"error":"user_context_required","error_code":5}); on when set.
  bool tickets_need_user_context = false;
  // The most items any paged listing answers, whatever pageSize asks (none: pageSize
  // alone decides). NinjaOne documents no largest pageSize; a client must not take a
  // short page for the last one.
  std::optional<std::size_t> max_page_size;
  // Answer every organization page from the first organization, whatever `after` says:
  // a server that does not implement keyset paging. A client that reads until an empty
  // page would read the same page for ever.
  bool ignore_after = false;
};

// Everything handlers may touch.
struct Services {
  Store& store;
  OAuthServer& oauth;
  FaultInjector& faults;
  RequestLog& log;
  ResponseCache& cache;
  ApiOptions options;
};

struct ApiRequest {
  http::verb method = http::verb::unknown;
  std::string path;   // percent-encoded path without the "/api" prefix
  std::string query;  // raw query, without "?"
  std::map<std::string, std::string, std::less<>> params;  // decoded query parameters
  std::string_view body;
  std::string_view authorization;
  std::string_view content_type;

  const std::string* param(std::string_view key) const;
};

// Throws ApiError 400 when the target is not a valid origin-form URL.
ApiRequest parse_request(const http::request<http::string_body>& request);
// Strips a leading "/api" before "/v2/" (NinjaOne accepts both).
std::string normalize_path(std::string_view path);

Reply handle(Services& services, const ApiRequest& request);

}  // namespace ninjaone_sim
