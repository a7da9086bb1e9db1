#include "client/api_client.hpp"

#include <boost/json/serialize.hpp>

#include <optional>

#include "client/connection_pool.hpp"
#include "client/endpoint.hpp"
#include "client/error_mapping.hpp"
#include "client/json_array_stream.hpp"
#include "client/request_runner.hpp"
#include "client/stats_counters.hpp"
#include "client/tls_context.hpp"
#include "client/token_bucket.hpp"
#include "client/token_source.hpp"

namespace ninjaone::client {

namespace json = boost::json;
namespace http = boost::beast::http;
using connector::sdk::Error;

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error(CONN_INVALID_ARGUMENT, message);
}

// Checks what no request can fix and fills in defaults.
ClientOptions checked(ClientOptions options) {
  require(!options.base_url.empty(), "base_url is empty");
  require(!options.client_id.empty(), "client_id is empty");
  require(!options.client_secret.empty(), "client_secret is empty");
  require(options.auth != AuthFlow::refresh_token || !options.refresh_token.empty(),
          "auth \"refresh_token\" needs a refresh_token");
  require(options.max_concurrency >= 1, "max_concurrency must be at least 1");
  require(options.max_attempts >= 1, "max_attempts must be at least 1");
  require(options.connect_timeout.count() > 0 && options.request_timeout.count() > 0,
          "timeouts must be positive");
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
  if (options.token_url.empty()) options.token_url = options.base_url + "/ws/oauth/token";
  return options;
}

std::shared_ptr<boost::asio::ssl::context> tls_context_for(const ClientOptions& options,
                                                           const Endpoint& api,
                                                           const Endpoint& token) {
  if (!api.tls && !token.tls) return nullptr;
  return make_tls_context(options.ca_file);
}

bool is_success(unsigned status) { return status >= 200 && status < 300; }

}  // namespace

class ApiClient::Impl {
 public:
  Impl(ClientOptions options, connector::sdk::Host host)
      : options_(checked(std::move(options))),
        api_endpoint_(parse_endpoint(options_.base_url, "base_url", options_.allow_insecure_http)),
        token_endpoint_(
            parse_endpoint(options_.token_url, "token_url", options_.allow_insecure_http)),
        tls_(tls_context_for(options_, api_endpoint_, token_endpoint_)),
        api_pool_(api_endpoint_, tls_, static_cast<std::size_t>(options_.max_concurrency)),
        token_pool_(token_endpoint_.same_origin(api_endpoint_)
                        ? nullptr
                        : std::make_unique<ConnectionPool>(token_endpoint_, tls_, 1)),
        bucket_(options_.requests_per_minute),
        token_runner_(token_pool_ ? *token_pool_ : api_pool_, bucket_, stats_, options_, nullptr,
                      host),
        tokens_(options_, host, token_runner_, token_endpoint_.path, stats_),
        api_runner_(api_pool_, bucket_, stats_, options_, &tokens_, host) {}

  // Runs `body`, scrubbing every secret out of the error it may throw.
  template <class Body>
  auto scrubbed(Body&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const Error& e) {
      std::vector<std::string> secrets = tokens_.secrets();
      secrets.push_back(options_.client_secret);
      secrets.push_back(options_.refresh_token);
      throw redact(e, secrets);
    }
  }

  std::string target(std::string_view path) const {
    std::string full = api_endpoint_.path;
    if (path.empty() || path.front() != '/') full += '/';
    full += path;
    return full;
  }

  HttpAnswer run(const connector::sdk::Call& call, RunRequest request) {
    const HttpAnswer answer = api_runner_.run(call, request);
    if (!is_success(answer.status)) throw api_error(api_runner_.describe(request.request), answer);
    return answer;
  }

  ClientOptions options_;
  Endpoint api_endpoint_;
  Endpoint token_endpoint_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  StatsCounters stats_;
  ConnectionPool api_pool_;
  std::unique_ptr<ConnectionPool> token_pool_;  // null when the token URL shares the API's origin
  TokenBucket bucket_;
  RequestRunner token_runner_;
  TokenSource tokens_;
  RequestRunner api_runner_;
};

ApiClient::ApiClient(ClientOptions options, connector::sdk::Host host)
    : impl_(std::make_unique<Impl>(std::move(options), host)) {}

ApiClient::~ApiClient() = default;

std::size_t ApiClient::get_array(const connector::sdk::Call& call, std::string_view target,
                                 const std::function<void(json::value&&)>& on_item) {
  return impl_->scrubbed([&] {
    JsonArrayStream stream(on_item);
    RunRequest request;
    request.request.method = http::verb::get;
    request.request.target = impl_->target(target);
    request.stream = &stream;
    impl_->run(call, request);
    return stream.seen();
  });
}

json::value ApiClient::get_json(const connector::sdk::Call& call, std::string_view target) {
  return impl_->scrubbed([&] {
    json::value parsed;
    RunRequest request;
    request.request.method = http::verb::get;
    request.request.target = impl_->target(target);
    request.parsed = &parsed;
    impl_->run(call, request);
    return parsed;
  });
}

Response ApiClient::send(const connector::sdk::Call& call, http::verb method,
                         std::string_view target, const json::value* body, WriteSafety safety) {
  return impl_->scrubbed([&] {
    RunRequest request;
    request.request.method = method;
    request.request.target = impl_->target(target);
    if (body != nullptr) {
      request.request.body = json::serialize(*body);
      request.request.content_type = "application/json";
    }
    request.safety = safety;
    HttpAnswer answer = impl_->run(call, request);
    return Response{answer.status, std::move(answer.body), std::move(answer.request_id)};
  });
}

std::string ApiClient::authenticate(const connector::sdk::Call& call) {
  return impl_->scrubbed([&] { return impl_->tokens_.granted_scope(call); });
}

ClientStats ApiClient::stats() const {
  const StatsCounters& s = impl_->stats_;
  std::uint64_t connections = impl_->api_pool_.connections_made();
  if (impl_->token_pool_) connections += impl_->token_pool_->connections_made();
  return ClientStats{s.requests.load(),         s.bytes_received.load(),  s.retries.load(),
                     s.rate_limit_waits.load(), s.token_refreshes.load(), connections};
}

}  // namespace ninjaone::client
