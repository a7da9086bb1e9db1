// `describe PLUGIN`: what a plugin declares, so a connector can be configured from the
// host alone: its identity and capabilities, its settings (the manifest's "config")
// and, when it creates accounts, the profile create-account takes. The console shows
// each schema's fields as a table (loader/schema_fields.hpp flattens them,
// loader/schema_text.hpp words them); -o json prints the schemas as declared.
#include <connector/descriptor.h>

#include <boost/json/array.hpp>

#include <string>
#include <vector>

#include "commands/arguments.hpp"
#include "loader/schema_fields.hpp"
#include "loader/schema_text.hpp"

namespace connector::host::commands {
namespace {

namespace json = boost::json;
using loader::SchemaField;

std::string abi_text(const loader::PluginLibrary& plugin) {
  return std::to_string(plugin.table().abi_major) + "." + std::to_string(plugin.table().abi_minor);
}

const json::value* description_of(const SchemaField& field) {
  const json::value* description = field.schema.if_contains("description");
  return description != nullptr && description->is_string() ? description : nullptr;
}

// One row of the console table: every cell a string.
json::object console_row(const SchemaField& field, const json::value& root) {
  const json::value* fallback = field.schema.if_contains("default");
  const std::string allowed = loader::allowed_text(field.schema, root);
  const json::value* description = description_of(field);
  std::string required = field.required ? "yes" : "no";
  if (field.required && !field.required_with.empty()) required = "with " + field.required_with;
  return {{"field", field.path},
          {"type", loader::type_text(field.schema, root)},
          {"required", required},
          {"default", fallback != nullptr ? loader::value_text(*fallback) : "-"},
          {"allowed", allowed.empty() ? "-" : allowed},
          {"secret", field.secret ? "yes" : "no"},
          {"description", description != nullptr ? *description : json::value("-")}};
}

// The same for -o json, typed: absent members are left out.
json::object json_field(const SchemaField& field, const json::value& root) {
  json::object item{{"field", field.path},
                    {"type", loader::type_text(field.schema, root)},
                    {"required", field.required}};
  if (!field.required_with.empty()) item["required_with"] = field.required_with;
  if (const json::value* fallback = field.schema.if_contains("default"))
    item["default"] = *fallback;
  if (std::string allowed = loader::allowed_text(field.schema, root); !allowed.empty()) {
    item["allowed"] = std::move(allowed);
  }
  item["secret"] = field.secret;
  if (const json::value* description = description_of(field)) item["description"] = *description;
  return item;
}

json::array json_fields(const json::value& schema) {
  json::array fields;
  for (const SchemaField& field : loader::schema_fields(schema)) {
    fields.push_back(json_field(field, schema));
  }
  return fields;
}

// Keywords that relate fields to each other, which a table of fields cannot show.
std::string cross_field_rules(const json::value& schema) {
  std::string rules;
  const auto add = [&](const std::string& rule) { rules += (rules.empty() ? "" : ", ") + rule; };
  const json::object& root = schema.as_object();
  for (const char* key : {"allOf", "anyOf", "oneOf", "not", "dependencies", "dependentRequired",
                          "dependentSchemas"}) {
    if (root.contains(key)) add(key);
  }
  if (root.contains("if")) add(root.contains("else") ? "if/then/else" : "if/then");
  return rules;
}

class DescribeCommand final : public Command {
 public:
  std::string_view name() const override { return "describe"; }
  std::string_view synopsis() const override { return "describe PLUGIN"; }
  std::string_view summary() const override {
    return "show a plugin's settings (its manifest \"config\") and account profile";
  }
  void declare(CommandOptions& options) const override { add_plugin_argument(options); }

  void run(Session& session, const boost::program_options::variables_map& args) const override {
    const auto plugin = plugin_argument(session, args);
    if (session.options().format == output::Format::json) {
      print_json(session, *plugin);
    } else {
      print_console(session, *plugin);
    }
  }

 private:
  static void print_json(Session& session, const loader::PluginLibrary& plugin) {
    const auto& descriptor = plugin.descriptor();
    json::array capabilities;
    for (const auto& capability : descriptor.capabilities) capabilities.emplace_back(capability);
    const json::value& config = descriptor.config_schema.document();
    json::object item{{"id", descriptor.id},
                      {"name", descriptor.name},
                      {"version", descriptor.version},
                      {"vendor", descriptor.vendor},
                      {"description", descriptor.description},
                      {"capabilities", std::move(capabilities)},
                      {"abi", abi_text(plugin)},
                      {"path", plugin.path().string()},
                      {"config_schema", config},
                      {"config_fields", json_fields(config)},
                      {"profile_schema", nullptr},
                      {"profile_fields", json::array()}};
    if (descriptor.profile_schema) {
      const json::value& profile = descriptor.profile_schema->document();
      item["profile_schema"] = profile;
      item["profile_fields"] = json_fields(profile);
    }
    auto printer = session.printer({});
    printer->print(item);
    printer->finish();
  }

  static void print_console(Session& session, const loader::PluginLibrary& plugin) {
    const auto& descriptor = plugin.descriptor();
    std::string capabilities;
    for (const auto& capability : descriptor.capabilities) {
      capabilities += (capabilities.empty() ? "" : ", ") + capability;
    }
    std::ostream& out = session.out();
    const auto line = [&](const std::string& text) {
      out << session.redactor().redact(text) << '\n';
    };
    line("plugin        " + descriptor.id);
    line("name          " + descriptor.name);
    line("version       " + descriptor.version);
    if (!descriptor.vendor.empty()) line("vendor        " + descriptor.vendor);
    if (!descriptor.description.empty()) line("description   " + descriptor.description);
    line("capabilities  " + (capabilities.empty() ? "-" : capabilities));
    line("abi           " + abi_text(plugin));
    line("path          " + plugin.path().string());

    line("");
    line("Settings (the manifest's \"config\"):");
    print_fields(session, descriptor.config_schema.document(), "the config schema", descriptor.id);

    if (!descriptor.has_capability(CONN_CAP_ACCOUNTS)) return;
    line("");
    line("Account profile (create-account CONNECTOR --type T --profile JSON):");
    if (descriptor.profile_schema) {
      print_fields(session, descriptor.profile_schema->document(), "the profile schema",
                   descriptor.id);
    } else {
      line("not declared by the plugin; it checks each profile itself");
    }
    out.flush();
  }

  // The fields of `schema` as a table, or a line saying there are none; then the
  // rules across fields the table cannot show, if any.
  static void print_fields(Session& session, const json::value& schema, const std::string& what,
                           const std::string& plugin_id) {
    const std::vector<SchemaField> fields = loader::schema_fields(schema);
    std::ostream& out = session.out();
    if (fields.empty()) {
      out << "none: " << what << " declares no fields\n";
    } else {
      auto printer = session.printer({{"FIELD", "field"},
                                      {"TYPE", "type"},
                                      {"REQUIRED", "required"},
                                      {"DEFAULT", "default"},
                                      {"ALLOWED", "allowed"},
                                      {"SECRET", "secret"},
                                      {"DESCRIPTION", "description"}});
      for (const SchemaField& field : fields) printer->print(console_row(field, schema));
      printer->finish();
    }
    if (const std::string rules = cross_field_rules(schema); !rules.empty()) {
      out << "Also rules across fields (" << rules << "): connector-host describe " << plugin_id
          << " -o json prints " << what << ".\n";
    }
    out.flush();
  }
};

}  // namespace

std::unique_ptr<Command> make_describe_command() { return std::make_unique<DescribeCommand>(); }

}  // namespace connector::host::commands
