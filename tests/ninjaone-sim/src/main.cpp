// ninjaone-sim: a faithful, stateful stand-in for the NinjaOne API.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "api.hpp"
#include "generator.hpp"
#include "model_json.hpp"
#include "options.hpp"
#include "server.hpp"

namespace {

using namespace ninjaone_sim;

Tenant load_tenant(const Options& o) {
  if (o.fixture.empty()) return generate_tenant(o.generator);
  std::ifstream in(o.fixture, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read fixture " + o.fixture);
  std::stringstream text;
  text << in.rdbuf();
  return tenant_from_json(boost::json::parse(text.str()));
}

void write_file_atomically(const std::string& path, const std::string& content) {
  // Readers poll for the file; renaming makes it appear complete or not at all.
  const auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const Options& o) {
  if (o.tls_cert.empty()) return nullptr;
  auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  ctx->set_options(boost::asio::ssl::context::default_workarounds |
                   boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                   boost::asio::ssl::context::no_tlsv1 | boost::asio::ssl::context::no_tlsv1_1);
  ctx->use_certificate_chain_file(o.tls_cert);
  ctx->use_private_key_file(o.tls_key, boost::asio::ssl::context::pem);
  return ctx;
}

int run(const Options& o) {
  auto tenant = load_tenant(o);
  if (!o.dump_fixture.empty()) {
    write_file_atomically(o.dump_fixture, boost::json::serialize(tenant_to_json(tenant)) + "\n");
    return 0;
  }
  Store store(std::move(tenant));
  OAuthServer oauth(o.oauth);
  FaultInjector faults(o.fault_seed.value_or(o.generator.seed),
                       o.faults.empty() ? FaultSpec{} : FaultSpec::parse(o.faults));
  RequestLog log(o.request_log);
  ResponseCache cache;
  Services services{store, oauth, faults, log, cache, o.api};

  boost::asio::io_context ioc(static_cast<int>(o.threads));
  ServerContext context{services,
                        {{boost::asio::ip::make_address(o.listen_host), o.listen_port},
                         make_tls_context(o),
                         std::chrono::milliseconds(o.latency_ms)}};
  Server server(ioc, context);
  server.start();
  const auto port = server.port();
  if (!o.port_file.empty()) write_file_atomically(o.port_file, std::to_string(port) + "\n");
  std::cout << "ninjaone-sim listening on " << (context.config.tls ? "https" : "http") << "://"
            << o.listen_host << ":" << port << std::endl;

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { ioc.stop(); });

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < o.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto options = ninjaone_sim::parse_options(argc, argv);
    if (!options) return 0;
    return run(*options);
  } catch (const std::exception& e) {
    std::cerr << "ninjaone-sim: " << e.what() << '\n';
    return 2;
  }
}
