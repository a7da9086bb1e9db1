// Fuzz target: a manifest file (manifests/NAME.json, DESIGN section 7) through the
// host's reader (host/manifest/), its secret references resolved ({"file": PATH} kept
// inside the target's own directory, where a secret, an empty file, an oversized one,
// a folder and a FIFO wait), its config validated
// against the NinjaOne plugin's JSON Schema (host/loader/config_schema.hpp with
// plugins/ninjaone/config_schema.json), and a config the schema accepts read by the
// plugin's own parse_config, as the host and the plugin do at `create`.
//
// Beyond "no crash": a refused manifest is a config error naming its file; an accepted
// one has an id of [a-z0-9-]+, a known provisioning mode and positive durations; the
// schema check never throws; and the plugin refuses a config the schema accepted only
// with INVALID_ARGUMENT naming a config field, never quoting a secret and never with
// another exception (which the plugin would turn into a bare INTERNAL).
#include <boost/json/serialize.hpp>

#include <connector/sdk.hpp>

#include <sys/stat.h>

#include <algorithm>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "config.hpp"
#include "fuzz_check.hpp"
#include "loader/config_schema.hpp"
#include "manifest/manifest_reader.hpp"
#include "manifest/secret_references.hpp"
#include "scratch_directory.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using connector::host::ExitCode;
using connector::host::HostError;

// The secrets the committed manifests refer to, so that their configs resolve.
constexpr const char* kEnvironment[][2] = {{"NINJAONE_CLIENT_ID", "fuzz-client"},
                                           {"NINJAONE_CLIENT_SECRET", "fuzz-secret-value"},
                                           {"NINJAONE_REFRESH_TOKEN", "fuzz-refresh-value"}};

// Each input is written to this file, in a directory of the process's own, beside
// the files its {"file": PATH} references may name.
const fs::path& manifest_file() {
  static const connector::fuzz::ScratchDirectory directory("fuzz-manifest");
  static const fs::path file = [] {
    for (const auto& [name, value] : kEnvironment) setenv(name, value, 1);
    const fs::path& here = directory.path();
    std::ofstream(here / "secret.txt") << "fuzz-file-secret\n";
    std::ofstream(here / "empty.txt") << "\n";
    std::ofstream(here / "big.txt") << std::string(64 * 1024 + 1, 'b');
    fs::create_directory(here / "folder");
    ::mkfifo((here / "pipe").c_str(), 0600);
    return here / "fuzzed.json";
  }();
  return file;
}

// Every {"file": PATH} in `value` with each '/' of PATH made '_', so a reference can
// only name an entry of the target's directory (or the directory itself, ".", or its
// parent, ".."): the fuzzer explores how references resolve, not the machine's files.
void confine_file_references(json::value& value) {
  if (auto* object = value.if_object()) {
    if (object->size() == 1) {
      if (auto* path = object->begin()->value().if_string();
          path != nullptr && object->begin()->key() == "file") {
        std::replace(path->begin(), path->end(), '/', '_');
        return;
      }
    }
    for (auto& member : *object) confine_file_references(member.value());
  } else if (auto* array = value.if_array()) {
    for (auto& element : *array) confine_file_references(element);
  }
}

const connector::host::loader::ConfigSchema& ninjaone_schema() {
  static const auto schema =
      connector::host::loader::ConfigSchema::parse(ninjaone::config_schema());
  return schema;
}

void check_plugin_reads(const json::value& config, const std::vector<std::string>& secrets) {
  try {
    ninjaone::parse_config(json::serialize(config));
  } catch (const connector::sdk::Error& e) {
    const std::string_view message = e.what();
    FUZZ_CHECK(e.status() == CONN_INVALID_ARGUMENT, "a refused config is INVALID_ARGUMENT");
    FUZZ_CHECK(message.rfind("config", 0) == 0, "a refused config names the field");
    for (const std::string& secret : secrets) {
      FUZZ_CHECK(secret.size() < 4 || message.find(secret) == std::string_view::npos,
                 "a refused config never quotes a secret");
    }
  } catch (const std::exception& e) {
    FUZZ_CHECK(false, std::string("parse_config threw a non-sdk exception: ") + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& file = manifest_file();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }

  connector::host::manifest::Manifest manifest;
  try {
    manifest = connector::host::manifest::read_manifest(file);
  } catch (const HostError& e) {
    FUZZ_CHECK(e.code() == ExitCode::config, "a bad manifest is a config error");
    FUZZ_CHECK(std::string_view(e.what()).rfind(file.string(), 0) == 0,
               "a manifest error names the file");
    return 0;
  }
  FUZZ_CHECK(!manifest.id.empty() &&
                 manifest.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") ==
                     std::string::npos,
             "a connector id is [a-z0-9-]+");
  FUZZ_CHECK(manifest.provisioning.mode == "direct" || manifest.provisioning.mode == "ticket",
             "the provisioning mode is direct or ticket");
  if (manifest.schedule) {
    FUZZ_CHECK(manifest.schedule->sync_every.count() > 0, "sync_every is positive");
    FUZZ_CHECK(manifest.schedule->jitter.count() >= 0, "jitter is not negative");
  }

  json::value config = manifest.config;
  confine_file_references(config);
  std::vector<std::string> secrets;
  try {
    secrets =
        connector::host::manifest::resolve_secret_references(config, "config", file.parent_path());
  } catch (const connector::host::manifest::SecretReferenceError& e) {
    FUZZ_CHECK(e.field_path().rfind("config", 0) == 0, "a bad reference names its field");
    return 0;
  }
  for (const std::string& secret : secrets) {
    FUZZ_CHECK(!secret.empty() && secret.size() <= 64 * 1024, "a secret is 1 byte to 64 KiB");
  }
  if (ninjaone_schema().validate(config).empty()) check_plugin_reads(config, secrets);
  return 0;
}
