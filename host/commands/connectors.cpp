// `connectors`: every manifest in the manifest directory, usable or with its error.
#include "commands/arguments.hpp"

namespace connector::host::commands {
namespace {

class ConnectorsCommand final : public Command {
 public:
  std::string_view name() const override { return "connectors"; }
  std::string_view synopsis() const override { return "connectors"; }
  std::string_view summary() const override {
    return "list the connectors the manifests define, with manifest errors";
  }
  void declare(CommandOptions&) const override {}

  void run(Session& session, const boost::program_options::variables_map&) const override {
    const auto& catalog = session.connectors();
    auto printer = session.printer({{"STATUS", "status"},
                                    {"ID", "id"},
                                    {"PLUGIN", "plugin"},
                                    {"ENABLED", "enabled"},
                                    {"PROVISIONING", "provisioning"},
                                    {"FILE", "file"},
                                    {"ERROR", "error"}});
    for (const auto& connector : catalog.connectors()) {
      const auto& manifest = connector.manifest;
      printer->print({{"status", "ok"},
                      {"id", manifest.id},
                      {"plugin", manifest.plugin},
                      {"enabled", manifest.enabled},
                      {"provisioning", manifest.provisioning.enabled},
                      {"file", manifest.file.string()}});
    }
    for (const auto& failure : catalog.failures()) {
      printer->print({{"status", "error"},
                      {"id", failure.connector_id},
                      {"file", failure.file.string()},
                      {"error", failure.error.what()}});
    }
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_connectors_command() { return std::make_unique<ConnectorsCommand>(); }

}  // namespace connector::host::commands
