#include "support/workspace.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace host_test {
namespace {

std::filesystem::path from_environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " is not set (run the tests through CTest)");
  }
  return value;
}

}  // namespace

std::filesystem::path host_executable() { return from_environment("CONNECTOR_HOST_EXE"); }
std::filesystem::path test_plugin_dir() { return from_environment("CONNECTOR_TEST_PLUGIN_DIR"); }
std::filesystem::path test_data_dir() { return from_environment("HOST_TEST_DATA"); }

Workspace::Workspace() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "connector-host-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  std::filesystem::create_directories(manifests());
  add_fixture("directory.json", "data/directory.json");
}

Workspace::~Workspace() {
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

void Workspace::add_manifest(const std::string& name) {
  const std::filesystem::path source = test_data_dir() / "manifests" / name;
  std::filesystem::copy_file(source, manifests() / source.filename(),
                             std::filesystem::copy_options::overwrite_existing);
}

void Workspace::add_fixture(const std::string& name, const std::filesystem::path& destination) {
  std::filesystem::create_directories((root_ / destination).parent_path());
  std::filesystem::copy_file(test_data_dir() / "fixtures" / name, root_ / destination,
                             std::filesystem::copy_options::overwrite_existing);
}

void Workspace::write_file(const std::filesystem::path& relative, const std::string& content) {
  std::filesystem::create_directories((root_ / relative).parent_path());
  std::ofstream(root_ / relative, std::ios::binary) << content;
}

std::vector<std::string> Workspace::host_args(const std::vector<std::string>& args) const {
  std::vector<std::string> all{
      "--plugins", test_plugin_dir().string(), "--manifests", "manifests", "--state", "state"};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

std::map<std::string, std::string> Workspace::host_environment(
    std::map<std::string, std::string> environment) const {
  environment.emplace("FIXTURE_API_KEY", fixture_api_key);
  // The defaults must not leak in from the developer's shell.
  environment.emplace("CONNECTOR_HOST_PLUGINS", "");
  environment.emplace("CONNECTOR_HOST_MANIFESTS", "");
  environment.emplace("CONNECTOR_HOST_STATE", "");
  return environment;
}

HostResult Workspace::run(const std::vector<std::string>& args,
                          std::map<std::string, std::string> environment) const {
  return run_host(host_executable(), host_args(args), root_,
                  host_environment(std::move(environment)));
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::vector<boost::json::object> json_lines(const std::string& text) {
  std::vector<boost::json::object> out;
  for (const std::string& line : lines(text)) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(line, ec);
    BOOST_TEST_REQUIRE(!ec, "not JSON: " << line);
    BOOST_TEST_REQUIRE(value.is_object(), "not a JSON object: " << line);
    out.push_back(std::move(value.as_object()));
  }
  return out;
}

}  // namespace host_test
