#include "simulator.hpp"

#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "environment.hpp"

namespace test_support {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr auto kControlTimeout = 5s;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// One request and its answer on a fresh connection; each step is bounded by
// kControlTimeout (Beast enforces the timeouts of asynchronous operations only).
template <class Stream>
http::response<http::string_body> exchange(asio::io_context& io, Stream& stream,
                                           unsigned short port,
                                           const http::request<http::string_body>& request) {
  beast::tcp_stream& socket = beast::get_lowest_layer(stream);
  beast::error_code error;
  auto done = [&error](beast::error_code e, auto&&...) { error = e; };
  auto finish = [&](const char* step) {
    io.run();
    io.restart();
    if (error) {
      const auto target = request.target();
      throw std::runtime_error(std::string(step) + " for " +
                               std::string(target.data(), target.size()) + ": " + error.message());
    }
  };
  socket.expires_after(kControlTimeout);
  socket.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), done);
  finish("connect");
  if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
    socket.expires_after(kControlTimeout);
    stream.async_handshake(asio::ssl::stream_base::client, done);
    finish("TLS handshake");
  }
  socket.expires_after(kControlTimeout);
  http::async_write(stream, request, done);
  finish("write");
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);  // the state of a large tenant is large
  socket.expires_after(kControlTimeout);
  http::async_read(stream, buffer, parser, done);
  finish("read");
  return parser.release();
}

}  // namespace

std::filesystem::path tls_dir() { return required_env("TEST_TLS_DIR"); }
std::string test_ca_file() { return (tls_dir() / "ca.pem").string(); }

Simulator::Simulator(std::vector<std::string> args, SimulatorOptions options) : options_(options) {
  const auto port_file = dir_ / "port";
  std::vector<std::string> argv{required_env("NINJAONE_SIM"), "--listen", "127.0.0.1:0",
                                "--port-file", port_file.string()};
  if (options_.tls) {
    argv.insert(argv.end(), {"--tls-cert", (tls_dir() / "server.pem").string(), "--tls-key",
                             (tls_dir() / "server.key").string()});
  }
  if (options_.request_log) {
    argv.insert(argv.end(), {"--request-log", (dir_ / "requests.jsonl").string()});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<ChildProcess>(argv);
  // The simulator writes the port file (atomically) once it listens.
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port && port != 0) {
      port_ = static_cast<unsigned short>(port);
      return;
    }
    if (!process_->running()) {
      throw std::runtime_error("ninjaone-sim exited before listening: " + process_->err());
    }
    std::this_thread::sleep_for(10ms);
  }
  throw std::runtime_error("ninjaone-sim did not publish its port within 60 s");
}

Simulator::~Simulator() {
  // SIGTERM lets it finish the request log; the ChildProcess kills it if it hangs.
  process_->send_signal(SIGTERM);
  process_->wait(5s);
}

std::string Simulator::base_url() const {
  return std::string(options_.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<json::value> Simulator::requests() const {
  if (!options_.request_log) throw std::logic_error("this simulator keeps no request log");
  std::vector<json::value> lines;
  std::istringstream text(read_file(dir_ / "requests.jsonl"));
  for (std::string line; std::getline(text, line);) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

json::value Simulator::control(const std::string& method, const std::string& path,
                               const std::string& body, const std::string& content_type) const {
  http::request<http::string_body> request{http::string_to_verb(method), path, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  if (!body.empty()) request.set(http::field::content_type, content_type);
  request.body() = body;
  request.prepare_payload();
  asio::io_context io;
  http::response<http::string_body> response;
  if (options_.tls) {
    asio::ssl::context context(asio::ssl::context::tls_client);
    context.load_verify_file(test_ca_file());
    context.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, context);
    stream.set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    response = exchange(io, stream, port_, request);
  } else {
    beast::tcp_stream stream(io);
    response = exchange(io, stream, port_, request);
  }
  if (response.result_int() != 200) {
    throw std::runtime_error(method + " " + path + " answered " +
                             std::to_string(response.result_int()) + ": " + response.body());
  }
  return json::parse(response.body());
}

json::object Simulator::stats() const { return control("GET", "/_sim/stats", "").as_object(); }
json::object Simulator::state() const { return control("GET", "/_sim/state", "").as_object(); }

void Simulator::set_faults(const std::string& spec) const {
  control("POST", "/_sim/faults", json::serialize(json::object{{"spec", spec}}));
}

void Simulator::revoke_tokens() const { control("POST", "/_sim/revoke-tokens", "{}"); }

std::string Simulator::access_token(const std::string& client_id, const std::string& client_secret,
                                    const std::string& scope) const {
  // Test credentials and scope names need no form encoding.
  const json::value answer = control("POST", "/ws/oauth/token",
                                     "grant_type=client_credentials&client_id=" + client_id +
                                         "&client_secret=" + client_secret + "&scope=" + scope,
                                     "application/x-www-form-urlencoded");
  return std::string(answer.at("access_token").as_string());
}

std::uint64_t Simulator::count(const std::string& path, const std::string& status) const {
  const json::object s = stats();
  const json::value* by_status = s.at("by_path").as_object().if_contains(path);
  if (by_status == nullptr) return 0;
  const json::value* n = by_status->as_object().if_contains(status);
  return n == nullptr ? 0 : n->to_number<std::uint64_t>();
}

json::value Simulator::dump_fixture(const std::vector<std::string>& generator_args) {
  const TempDir dir;
  const auto file = dir / "fixture.json";
  std::vector<std::string> args{"--dump-fixture", file.string()};
  args.insert(args.end(), generator_args.begin(), generator_args.end());
  if (run_simulator(args) != 0) throw std::runtime_error("ninjaone-sim --dump-fixture failed");
  return json::parse(read_file(file));
}

int run_simulator(const std::vector<std::string>& args) {
  std::vector<std::string> argv{required_env("NINJAONE_SIM")};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {}, 60s).exit_code;
}

}  // namespace test_support
