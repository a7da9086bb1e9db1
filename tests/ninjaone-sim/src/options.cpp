#include "options.hpp"

#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

namespace ninjaone_sim {

namespace po = boost::program_options;

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  std::string listen = "127.0.0.1:0";
  std::string scopes = "monitoring management control offline_access";
  long long token_ttl = 3600;
  std::uint64_t fault_seed = 0;
  long long max_page_size = 0;
  po::options_description desc(
      "ninjaone-sim: a stateful NinjaOne API simulator for tests, benchmarks and demos.\n"
      "Control endpoints (no auth): GET /_sim/state, GET /_sim/stats, GET|POST /_sim/faults,\n"
      "POST /_sim/revoke-tokens, POST /_sim/tickets/{id}/status {\"status\":\"RESOLVED\"}.\n"
      "Options");
  // clang-format off
  desc.add_options()
    ("help,h", "print this help")
    ("listen", po::value(&listen)->default_value(listen), "HOST:PORT to listen on; port 0 picks a free one")
    ("port-file", po::value(&o.port_file), "write the listening port to this file once listening")
    ("client-id", po::value(&o.oauth.client_id)->default_value(o.oauth.client_id), "OAuth client id")
    ("client-secret", po::value(&o.oauth.client_secret)->default_value(o.oauth.client_secret), "OAuth client secret")
    ("refresh-token", po::value(&o.oauth.initial_refresh_token)->default_value(o.oauth.initial_refresh_token),
       "an initially valid refresh token (rotates on use)")
    ("scopes", po::value(&scopes)->default_value(scopes), "the scopes the client app has; others give invalid_scope")
    ("token-ttl", po::value(&token_ttl)->default_value(token_ttl), "access token lifetime, seconds")
    ("tls-cert", po::value(&o.tls_cert), "PEM certificate chain: serve HTTPS (with --tls-key)")
    ("tls-key", po::value(&o.tls_key), "PEM private key for --tls-cert")
    ("fixture", po::value(&o.fixture), "load the tenant from this JSON file instead of generating it")
    ("dump-fixture", po::value(&o.dump_fixture), "write the tenant as a fixture JSON file and exit")
    ("seed", po::value(&o.generator.seed)->default_value(o.generator.seed), "generator (and fault) seed")
    ("technicians", po::value(&o.generator.technicians)->default_value(o.generator.technicians), "generated technicians")
    ("end-users", po::value(&o.generator.end_users)->default_value(o.generator.end_users), "generated end users")
    ("roles", po::value(&o.generator.roles)->default_value(o.generator.roles), "generated roles (technician, end-user alternately)")
    ("organizations", po::value(&o.generator.organizations)->default_value(o.generator.organizations), "generated organizations")
    ("members-per-role", po::value(&o.generator.members_per_role)->default_value(o.generator.members_per_role), "members of each generated role")
    ("request-log", po::value(&o.request_log), "append one JSON line per request to this file")
    ("latency-ms", po::value(&o.latency_ms)->default_value(0), "delay added to every API reply (mimics a WAN)")
    ("faults", po::value(&o.faults), "fault spec, e.g. 429=0.1,html200=0.05,reset=0.01,retry-after=2,"
       "slow-ms=200,paths=/v2/user/roles,methods=GET. Kinds: 429 429-bare html200 html503 500 503 reset "
       "reset-after-write slow malformed truncated revoke oversized huge-numbers")
    ("fault-seed", po::value(&fault_seed), "seed of the fault draws (default: --seed)")
    ("max-page-size", po::value(&max_page_size),
       "the most items any paged listing (/v2/organizations) answers, whatever pageSize asks "
       "(default: no cap)")
    ("ignore-after", po::bool_switch(&o.api.ignore_after),
       "answer every /v2/organizations page from the first organization, whatever `after` "
       "says (a server without keyset paging)")
    ("threads", po::value(&o.threads)->default_value(o.threads), "io_context threads")
    ("tickets-need-user-context", po::bool_switch(&o.api.tickets_need_user_context),
       "refuse ticket creation with client-credentials tokens (user_context_required)");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw std::invalid_argument(e.what());
  }
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return std::nullopt;
  }
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen wants HOST:PORT");
  o.listen_host = listen.substr(0, colon);
  if (o.listen_host == "localhost") o.listen_host = "127.0.0.1";  // an address, not a lookup
  try {
    const auto port = std::stoul(listen.substr(colon + 1));
    if (port > 65535) throw std::out_of_range("port");
    o.listen_port = static_cast<unsigned short>(port);
  } catch (const std::exception&) {
    throw std::invalid_argument("--listen: bad port in " + listen);
  }
  std::istringstream scope_words(scopes);
  o.oauth.app_scopes.clear();
  for (std::string s; scope_words >> s;) o.oauth.app_scopes.insert(s);
  if (token_ttl <= 0) throw std::invalid_argument("--token-ttl must be positive");
  o.oauth.token_ttl = std::chrono::seconds(token_ttl);
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    throw std::invalid_argument("--tls-cert and --tls-key go together");
  }
  if (o.threads == 0) throw std::invalid_argument("--threads must be at least 1");
  if (vm.count("fault-seed")) o.fault_seed = fault_seed;
  if (vm.count("max-page-size")) {
    if (max_page_size < 1) throw std::invalid_argument("--max-page-size must be at least 1");
    o.api.max_page_size = static_cast<std::size_t>(max_page_size);
  }
  return o;
}

}  // namespace ninjaone_sim
