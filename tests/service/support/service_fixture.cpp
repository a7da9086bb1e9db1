#include "support/service_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace service_tests {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  // Written aside and renamed: the host may read the directory at any moment (SIGHUP).
  const auto temporary = file.string() + ".tmp";
  std::ofstream(temporary) << text;
  std::filesystem::rename(temporary, file);
}

}  // namespace

ServiceFixture::ServiceFixture() {
  std::filesystem::create_directories(manifests());
  const boost::json::object directory{
      {"api_key", fixture_api_key},
      {"users", boost::json::array{{{"id", "1"}, {"name", "Ada"}, {"enabled", true}},
                                   {{"id", "2"}, {"name", "Bob"}, {"enabled", true}},
                                   {{"id", "3"}, {"name", "Cy"}, {"enabled", false}}}},
      {"groups", boost::json::array{{{"id", "g1"}, {"name", "Admins"}, {"members", {"1", "3"}}},
                                    {{"id", "g2"}, {"name", "Ops"}, {"members", {"2"}}}}}};
  write_file(root_ / "directory.json", boost::json::serialize(directory));
}

ServiceFixture::~ServiceFixture() {
  host_.reset();  // kills the host if a test left it running, before root_ goes
}

void ServiceFixture::write_fixture_manifest(const std::string& id, const std::string& every,
                                            const std::string& api_key) {
  boost::json::object manifest{
      {"id", id},
      {"plugin", "fixture"},
      {"config", {{"fixture_file", (root_ / "directory.json").string()}, {"api_key", api_key}}}};
  if (!every.empty()) manifest["schedule"] = {{"sync_every", every}};
  write_file(manifests() / (id + ".json"), boost::json::serialize(manifest));
}

void ServiceFixture::write_manifest(const std::string& file_name, const std::string& text) {
  write_file(manifests() / file_name, text);
}

void ServiceFixture::start(const std::vector<std::string>& extra,
                           std::optional<std::filesystem::path> state,
                           const std::map<std::string, std::string>& env) {
  const auto port_file = root_ / "port";
  std::filesystem::remove(port_file);
  const std::string plugins =
      plugins_.empty() ? required_env("CONNECTOR_TEST_PLUGIN_DIR") : plugins_.string();
  std::vector<std::string> argv{required_env("CONNECTOR_HOST"),
                                "--plugins",
                                plugins,
                                "--manifests",
                                manifests().string(),
                                "--state",
                                state.value_or(this->state()).string(),
                                "--log-level",
                                "info",
                                "run",
                                "--listen",
                                "127.0.0.1:0",
                                "--port-file",
                                port_file.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  host_ = std::make_unique<ChildProcess>(argv, env, root_ / "host.stdout", stderr_file());
  const bool listening =
      eventually([&] { return std::filesystem::exists(port_file) || !host_->running(); },
                 std::chrono::seconds(20));
  if (!listening || !std::filesystem::exists(port_file))
    throw std::runtime_error("the host did not start: " + host_stderr());
  port_ = static_cast<unsigned short>(std::stoi(read_file(port_file)));
}

std::vector<Sample> ServiceFixture::metrics() const {
  const HttpAnswer answer = get("/metrics");
  if (answer.status != 200)
    throw std::runtime_error("/metrics answered " + std::to_string(answer.status));
  const auto text_file = root_ / "metrics.txt";
  std::ofstream(text_file) << answer.body;
  const std::string command = required_env("SERVICE_TEST_PYTHON") + " " +
                              required_env("SERVICE_TEST_METRICS_PARSER") + " < " +
                              text_file.string();
  std::FILE* parser = ::popen(command.c_str(), "r");
  if (parser == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[4096];
  while (const std::size_t read = std::fread(buffer, 1, sizeof buffer, parser))
    output.append(buffer, read);
  if (::pclose(parser) != 0)
    throw std::runtime_error("the Prometheus parser refused /metrics:\n" + answer.body);
  std::vector<Sample> samples;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    const auto parsed = boost::json::parse(line).as_object();
    Sample sample{std::string(parsed.at("name").as_string()),
                  {},
                  parsed.at("value").to_number<double>(),
                  std::string(parsed.at("type").as_string())};
    for (const auto& [key, value] : parsed.at("labels").as_object())
      sample.labels[std::string(key)] = std::string(value.as_string());
    samples.push_back(std::move(sample));
  }
  return samples;
}

double ServiceFixture::metric(const std::string& name,
                              const std::map<std::string, std::string>& labels) const {
  for (const Sample& sample : metrics()) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return 0;
}

bool ServiceFixture::eventually(const std::function<bool()>& condition,
                                std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

std::string ServiceFixture::host_stderr() const { return read_file(stderr_file()); }

}  // namespace service_tests
