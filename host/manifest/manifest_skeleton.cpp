#include "manifest/manifest_skeleton.hpp"

#include "loader/schema_fields.hpp"
#include "loader/schema_text.hpp"
#include "manifest/placeholders.hpp"

namespace connector::host::manifest {
namespace {

namespace json = boost::json;

// The object at dotted `parent` inside `config` (made by an earlier field: parents
// come before their fields).
json::object& object_at(json::object& config, std::string_view parent) {
  json::object* current = &config;
  while (!parent.empty()) {
    const std::size_t dot = parent.find('.');
    current = &(*current)[parent.substr(0, dot)].as_object();
    parent = dot == std::string_view::npos ? std::string_view() : parent.substr(dot + 1);
  }
  return *current;
}

// What a person should put there, when the schema does not say it for them.
std::string hint_for(const loader::SchemaField& field, const json::value& root) {
  if (const json::value* description = field.schema.if_contains("description");
      description != nullptr && description->is_string() && !description->as_string().empty()) {
    return std::string(description->as_string());
  }
  const std::string allowed = loader::allowed_text(field.schema, root);
  return loader::type_text(field.schema, root) + (allowed.empty() ? "" : ", " + allowed);
}

}  // namespace

std::string secret_variable_name(std::string_view connector_id, std::string_view field_path) {
  std::string name;
  for (const char c : std::string(connector_id) + "_" + std::string(field_path)) {
    if (c >= 'a' && c <= 'z') {
      name += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      name += c;
    } else {
      name += '_';
    }
  }
  // A shell cannot export a name that starts with a digit.
  if (!name.empty() && name.front() >= '0' && name.front() <= '9') name = "CONNECTOR_" + name;
  return name;
}

ManifestSkeleton manifest_skeleton(std::string_view connector_id,
                                   const loader::PluginDescriptor& plugin) {
  const json::value& root = plugin.config_schema.document();
  json::object config;
  ManifestSkeleton skeleton;
  for (const loader::SchemaField& field : loader::schema_fields(root)) {
    if (!field.required || !field.required_with.empty()) continue;
    const std::size_t dot = field.path.rfind('.');
    json::object& parent = object_at(
        config, dot == std::string::npos ? "" : std::string_view(field.path).substr(0, dot));
    const std::string key = dot == std::string::npos ? field.path : field.path.substr(dot + 1);
    if (field.has_fields) {
      parent[key] = json::object();
    } else if (field.secret) {
      std::string variable = secret_variable_name(connector_id, field.path);
      parent[key] = json::object{{"env", variable}};
      skeleton.environment.push_back(std::move(variable));
    } else if (const json::value* constant = field.schema.if_contains("const")) {
      parent[key] = *constant;
    } else if (const json::value* fallback = field.schema.if_contains("default")) {
      parent[key] = *fallback;
    } else {
      parent[key] = make_placeholder(hint_for(field, root));
      skeleton.to_fill_in.push_back("config." + field.path);
    }
  }
  skeleton.document = {
      {"id", connector_id},
      {"plugin", plugin.id},
      {"enabled", false},
      {"schedule", json::object{{"sync_every", "1h"}, {"jitter", "5m"}}},
      {"provisioning", json::object{{"enabled", false}, {"mode", "direct"}}},
      {"config", std::move(config)},
  };
  return skeleton;
}

}  // namespace connector::host::manifest
