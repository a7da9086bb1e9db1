#include "manifest/manifest_reader.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <system_error>

#include "manifest/duration.hpp"
#include "manifest/json_text.hpp"
#include "manifest/manifest_error.hpp"
#include "manifest/placeholders.hpp"

namespace connector::host::manifest {
namespace {

namespace json = boost::json;

// A manifest is a few KiB; a larger file is a wrong file (a log, a dump) that reading
// whole could take the host's memory, so it is refused before it is parsed.
constexpr std::size_t kMaxManifestBytes = 1024 * 1024;

std::string read_file(const std::filesystem::path& file) {
  // Only a regular file: a FIFO would block the host, a device such as /dev/zero
  // never ends.
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(file, error);
  if (error) throw manifest_error(file, "", "cannot read: " + error.message());
  if (!std::filesystem::is_regular_file(status))
    throw manifest_error(file, "", "cannot read: it is not a regular file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw manifest_error(file, "", std::string("cannot read: ") + std::strerror(errno));
  // One byte past the limit tells a file at the limit from a larger one, and a file
  // that grows while it is read is still read no further.
  std::string text(kMaxManifestBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw manifest_error(file, "", std::string("cannot read: ") + std::strerror(errno));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxManifestBytes) {
    throw manifest_error(file, "",
                         "larger than 1 MiB, the limit for a manifest (one is a few KiB): is "
                         "this the right file?");
  }
  return text;
}

// Typed access to an object's members, each error naming file and field path.
class Fields {
 public:
  Fields(const std::filesystem::path& file, const json::object& object, std::string prefix)
      : file_(file), object_(object), prefix_(std::move(prefix)) {}

  std::string path(std::string_view name) const {
    return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
  }

  const json::value* find(std::string_view name) const { return object_.if_contains(name); }

  const json::value& require(std::string_view name) const {
    const json::value* value = find(name);
    if (value == nullptr) throw manifest_error(file_, path(name), "required field is missing");
    return *value;
  }

  std::string string(std::string_view name, const json::value& value) const {
    if (!value.is_string()) throw manifest_error(file_, path(name), "expected a string");
    return std::string(value.as_string());
  }

  bool boolean(std::string_view name, bool fallback) const {
    const json::value* value = find(name);
    if (value == nullptr) return fallback;
    if (!value->is_bool()) throw manifest_error(file_, path(name), "expected true or false");
    return value->as_bool();
  }

  const json::object& object(std::string_view name, const json::value& value) const {
    if (!value.is_object()) throw manifest_error(file_, path(name), "expected a JSON object");
    return value.as_object();
  }

  // `why_not_zero`: empty when zero is a valid value of the field, else the reason
  // it is not (the error shows it).
  std::chrono::seconds duration(std::string_view name, std::string_view why_not_zero) const {
    const std::string text = string(name, require(name));
    const auto parsed = parse_duration(text);
    if (!parsed) {
      throw manifest_error(
          file_, path(name),
          "'" + text + "' is not a duration (" + std::string(duration_syntax) + ")");
    }
    if (parsed->count() == 0 && !why_not_zero.empty()) {
      throw manifest_error(file_, path(name),
                           "'" + text + "' is zero: " + std::string(why_not_zero));
    }
    return *parsed;
  }

  void refuse_unknown(std::initializer_list<std::string_view> known) const {
    for (const auto& member : object_) {
      if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
        throw manifest_error(file_, path(member.key()), "unknown field");
      }
    }
  }

 private:
  const std::filesystem::path& file_;
  const json::object& object_;
  std::string prefix_;
};

Schedule read_schedule(const std::filesystem::path& file, const json::object& object) {
  const Fields fields(file, object, "schedule");
  fields.refuse_unknown({"sync_every", "jitter"});
  Schedule schedule;
  schedule.sync_every = fields.duration(
      "sync_every",
      "a sync interval of zero would start a new sync the moment the last one ends; "
      "write how often to sync (eg: 1h), or leave out \"schedule\" to sync only on demand");
  // A jitter of zero is no jitter: every sync starts exactly on its interval.
  if (fields.find("jitter") != nullptr) schedule.jitter = fields.duration("jitter", {});
  return schedule;
}

Provisioning read_provisioning(const std::filesystem::path& file, const json::object& object) {
  const Fields fields(file, object, "provisioning");
  Provisioning provisioning;
  provisioning.enabled = fields.boolean("enabled", false);
  if (const auto* mode = fields.find("mode")) {
    provisioning.mode = fields.string("mode", *mode);
    if (provisioning.mode != "direct" && provisioning.mode != "ticket") {
      throw manifest_error(file, "provisioning.mode", "expected \"direct\" or \"ticket\"");
    }
  }
  provisioning.settings = object;  // mode-specific keys (eg: a ticket template) are the plugin's
  return provisioning;
}

// Every placeholder `init` left (or a hand-typed "<fill in>") is named at once, so
// the user fills them all in one go.
void refuse_placeholders(const std::filesystem::path& file, const json::value& document) {
  const std::vector<std::string> fields = placeholder_fields(document, "");
  if (fields.empty()) return;
  std::string list;
  for (const std::string& field : fields) list += (list.empty() ? "" : ", ") + field;
  throw manifest_error(
      file, "",
      "still to fill in: " + list + " (replace each \"<fill in: ...>\" placeholder with a value)");
}

StoreSettings read_store(const std::filesystem::path& file, const json::object& object) {
  const Fields fields(file, object, "store");
  fields.refuse_unknown({"keep_history"});
  StoreSettings store;
  if (fields.find("keep_history") != nullptr) {
    store.keep_history = fields.duration(
        "keep_history",
        "history kept for no time at all would fold every run into the latest state, so "
        "nothing could be asked about the past; write how long to keep it (eg: 400d)");
  }
  return store;
}

}  // namespace

bool is_connector_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Manifest read_manifest(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  json::value document;
  try {
    document = parse_json_text(text);
  } catch (const JsonSyntaxError& e) {
    throw HostError(ExitCode::config, file.string() + ":" + e.what());
  }
  if (!document.is_object())
    throw manifest_error(file, "", "expected a JSON object at the top level");
  const Fields fields(file, document.as_object(), "");
  fields.refuse_unknown({"id", "plugin", "enabled", "schedule", "provisioning", "store", "config"});

  Manifest manifest;
  manifest.file = file;
  manifest.id = fields.string("id", fields.require("id"));
  if (!is_connector_id(manifest.id)) {
    throw manifest_error(
        file, "id", "'" + manifest.id + "' is not a connector id (one or more of a-z, 0-9, '-')");
  }
  manifest.plugin = fields.string("plugin", fields.require("plugin"));
  manifest.enabled = fields.boolean("enabled", true);
  if (const auto* schedule = fields.find("schedule")) {
    manifest.schedule = read_schedule(file, fields.object("schedule", *schedule));
  }
  if (const auto* provisioning = fields.find("provisioning")) {
    manifest.provisioning = read_provisioning(file, fields.object("provisioning", *provisioning));
  }
  if (const auto* store = fields.find("store")) {
    manifest.store = read_store(file, fields.object("store", *store));
  }
  manifest.config = fields.object("config", fields.require("config"));
  refuse_placeholders(file, document);
  return manifest;
}

}  // namespace connector::host::manifest
