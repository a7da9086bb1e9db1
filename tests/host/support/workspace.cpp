#include "support/workspace.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "support/environment.hpp"

namespace host_test {

std::filesystem::path host_executable() { return test_support::required_env("CONNECTOR_HOST_EXE"); }
std::filesystem::path test_plugin_dir() {
  return test_support::required_env("CONNECTOR_TEST_PLUGIN_DIR");
}
std::filesystem::path test_data_dir() { return test_support::required_env("HOST_TEST_DATA"); }

Workspace::Workspace() {
  std::filesystem::create_directories(manifests());
  add_fixture("directory.json", "data/directory.json");
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
  root_.write(relative, content);
}

std::vector<std::string> Workspace::command(const std::vector<std::string>& args) const {
  std::vector<std::string> all{host_executable().string(),
                               "--plugins",
                               test_plugin_dir().string(),
                               "--manifests",
                               "manifests",
                               "--state",
                               "state"};
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
  // In the workspace, as a user would run it there.
  return test_support::run(
      command(args),
      {.environment = host_environment(std::move(environment)), .working_directory = root()},
      std::chrono::seconds(30));
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
