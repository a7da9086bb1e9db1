#include <connector/sdk/http/api_client.hpp>

#include <connector/sdk/http/endpoint.hpp>
#include <connector/sdk/http/error_mapping.hpp>
#include <connector/sdk/http/token_bucket.hpp>
#include <connector/sdk/json_array_stream.hpp>

#include <boost/json/serialize.hpp>

#include <optional>

#include "http/authenticator.hpp"
#include "http/connection_pool.hpp"
#include "http/request_runner.hpp"
#include "http/stats_counters.hpp"
#include "http/tls_context.hpp"
#include "http/token_source.hpp"

namespace connector::sdk::http {

namespace json = boost::json;
namespace beast_http = boost::beast::http;
using connector::sdk::Error;

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error(CONN_INVALID_ARGUMENT, message);
}

bool uses_oauth(const ClientOptions& options) {
  return options.auth == AuthFlow::client_credentials || options.auth == AuthFlow::refresh_token;
}

// Checks what no request can fix and fills in defaults.
ClientOptions checked(ClientOptions options) {
  require(!options.base_url.empty(), "base_url is empty");
  if (uses_oauth(options)) {
    require(!options.token_url.empty(), "token_url is empty");
    require(!options.client_id.empty(), "client_id is empty");
    require(!options.client_secret.empty(), "client_secret is empty");
    require(options.auth != AuthFlow::refresh_token || !options.refresh_token.empty(),
            "auth \"refresh_token\" needs a refresh_token");
  }
  require(options.auth != AuthFlow::bearer_token || !options.bearer_token.empty(),
          "auth \"bearer_token\" needs a bearer_token");
  require(options.max_concurrency >= 1, "max_concurrency must be at least 1");
  require(options.max_attempts >= 1, "max_attempts must be at least 1");
  require(options.connect_timeout.count() > 0 && options.request_timeout.count() > 0,
          "timeouts must be positive");
  require(options.proxy.source != ProxyOptions::Source::url || !options.proxy.url.empty(),
          options.proxy.field + ".url is empty");
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
  if (options.dialect == nullptr) options.dialect = std::make_shared<const ApiDialect>();
  return options;
}

bool is_success(unsigned status) { return status >= 200 && status < 300; }

}  // namespace

// The client's parts, wired once. Where requests go (the endpoints, TLS and the
// connection pools) is decided here and nowhere else.
class ApiClient::Impl {
 public:
  Impl(ClientOptions options, connector::sdk::Host host)
      : options_(checked(std::move(options))),
        api_endpoint_(parse_endpoint(options_.base_url, "base_url", options_.allow_insecure_http)),
        bucket_(options_.requests_per_minute) {
    if (uses_oauth(options_)) {
      token_endpoint_ =
          parse_endpoint(options_.token_url, "token_url", options_.allow_insecure_http);
      refuse_token_downgrade(api_endpoint_, *token_endpoint_, "token_url");
    }
    if (api_endpoint_.tls || (token_endpoint_ && token_endpoint_->tls)) {
      tls_ = make_tls_context(options_.ca_file);
    }
    api_route_ = route_for(options_.proxy, api_endpoint_);
    api_pool_ = std::make_unique<ConnectionPool>(api_endpoint_, tls_,
                                                 static_cast<std::size_t>(options_.max_concurrency),
                                                 proxy_of(api_route_));
    if (token_endpoint_) {
      // The token endpoint shares the API's connections when it is on the same origin.
      if (!token_endpoint_->same_origin(api_endpoint_)) {
        token_route_ = route_for(options_.proxy, *token_endpoint_);
        token_pool_ =
            std::make_unique<ConnectionPool>(*token_endpoint_, tls_, 1, proxy_of(*token_route_));
      }
      token_runner_ = std::make_unique<RequestRunner>(token_pool_ ? *token_pool_ : *api_pool_,
                                                      bucket_, stats_, options_, nullptr, host);
      tokens_ = std::make_unique<TokenSource>(options_, host, *token_runner_, token_endpoint_->path,
                                              stats_);
      authenticator_ = tokens_.get();
    } else if (options_.auth == AuthFlow::bearer_token) {
      static_bearer_ = std::make_unique<StaticBearer>(options_.bearer_token);
      authenticator_ = static_bearer_.get();
    }
    api_runner_ = std::make_unique<RequestRunner>(*api_pool_, bucket_, stats_, options_,
                                                  authenticator_, host);
  }

  // Runs `body`, scrubbing every secret out of the error it may throw.
  template <class Body>
  auto scrubbed(Body&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const Error& e) {
      std::vector<std::string> secrets = tokens_ ? tokens_->secrets() : std::vector<std::string>{};
      secrets.push_back(options_.client_secret);
      secrets.push_back(options_.refresh_token);
      secrets.push_back(options_.bearer_token);
      for (const ProxyRoute* route : {&api_route_, token_route_ ? &*token_route_ : nullptr}) {
        if (route == nullptr || !route->proxy) continue;
        secrets.push_back(route->proxy->password);
        secrets.push_back(route->proxy->authorization);
      }
      secrets.push_back(options_.proxy.password);
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
    const HttpAnswer answer = api_runner_->run(call, request);
    if (!is_success(answer.status)) {
      throw api_error(api_runner_->describe(request.request), answer, *options_.dialect);
    }
    return answer;
  }

  // GET `path`, its body fed to `stream`; the number of elements the document held.
  std::size_t run_listing(const connector::sdk::Call& call, std::string_view path,
                          JsonArrayStream& stream) {
    RunRequest request;
    request.request.method = beast_http::verb::get;
    request.request.target = target(path);
    request.stream = &stream;
    run(call, request);
    return stream.seen();
  }

  static std::shared_ptr<const ProxyServer> proxy_of(const ProxyRoute& route) {
    return route.proxy ? std::make_shared<const ProxyServer>(*route.proxy) : nullptr;
  }

  ClientOptions options_;
  Endpoint api_endpoint_;
  ProxyRoute api_route_;                            // how requests to base_url go
  std::optional<ProxyRoute> token_route_;           // set with token_pool_
  std::optional<Endpoint> token_endpoint_;          // the OAuth flows only
  std::shared_ptr<boost::asio::ssl::context> tls_;  // null when nothing is https
  StatsCounters stats_;
  TokenBucket bucket_;
  std::unique_ptr<ConnectionPool> api_pool_;
  std::unique_ptr<ConnectionPool> token_pool_;  // null unless the token URL is another origin
  std::unique_ptr<RequestRunner> token_runner_;
  std::unique_ptr<TokenSource> tokens_;
  std::unique_ptr<StaticBearer> static_bearer_;
  Authenticator* authenticator_ = nullptr;  // one of the two above, or none
  std::unique_ptr<RequestRunner> api_runner_;
};

ApiClient::ApiClient(ClientOptions options, connector::sdk::Host host)
    : impl_(std::make_unique<Impl>(std::move(options), host)) {}

ApiClient::~ApiClient() = default;

std::size_t ApiClient::get_array(const connector::sdk::Call& call, std::string_view target,
                                 const std::function<void(json::value&&)>& on_item) {
  return impl_->scrubbed([&] {
    JsonArrayStream stream(on_item, impl_->options_.element_limits);
    return impl_->run_listing(call, target, stream);
  });
}

std::size_t ApiClient::get_records(const connector::sdk::Call& call, std::string_view target,
                                   const RecordShape& shape,
                                   const std::function<void(const JsonRecord&)>& on_record) {
  return impl_->scrubbed([&] {
    JsonArrayStream stream(shape, on_record, impl_->options_.element_limits);
    return impl_->run_listing(call, target, stream);
  });
}

json::value ApiClient::get_json(const connector::sdk::Call& call, std::string_view target) {
  return impl_->scrubbed([&] {
    json::value parsed;
    RunRequest request;
    request.request.method = beast_http::verb::get;
    request.request.target = impl_->target(target);
    request.parsed = &parsed;
    impl_->run(call, request);
    return parsed;
  });
}

Response ApiClient::send(const connector::sdk::Call& call, beast_http::verb method,
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
  if (!impl_->tokens_) return {};
  return impl_->scrubbed([&] { return impl_->tokens_->granted_scope(call); });
}

std::string ApiClient::network_route() const { return impl_->api_route_.describe(); }

ClientStats ApiClient::stats() const {
  const StatsCounters& s = impl_->stats_;
  std::uint64_t connections = impl_->api_pool_->connections_made();
  if (impl_->token_pool_) connections += impl_->token_pool_->connections_made();
  return ClientStats{s.requests.load(),         s.bytes_received.load(),  s.retries.load(),
                     s.rate_limit_waits.load(), s.token_refreshes.load(), connections};
}

}  // namespace connector::sdk::http
