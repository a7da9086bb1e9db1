// `init PLUGIN --id ID [--file FILE] [--force]`: a manifest to start a new connector
// from (manifest/manifest_skeleton.hpp says what it holds). Without --file it goes to
// stdout; with it, FILE is written whole (common/file_writer.hpp), never over an
// existing file unless --force, and the command prints what is left to do: the
// placeholders to fill in and the environment variables to set.
#include <boost/json/array.hpp>
#include <boost/program_options/value_semantic.hpp>

#include "commands/arguments.hpp"
#include "common/error.hpp"
#include "common/file_writer.hpp"
#include "manifest/manifest_reader.hpp"
#include "manifest/manifest_skeleton.hpp"
#include "output/pretty_json.hpp"

namespace connector::host::commands {
namespace {

namespace json = boost::json;
namespace po = boost::program_options;

std::string connector_id_option(const po::variables_map& args) {
  const std::string id = optional_string(args, "id");
  if (id.empty()) {
    throw HostError(ExitCode::usage,
                    "init: --id is required (the new connector's id, eg: "
                    "ninjaone-prod)");
  }
  if (!manifest::is_connector_id(id)) {
    throw HostError(ExitCode::usage,
                    "init: --id '" + id + "' is not a connector id (one or more of a-z, 0-9, '-')");
  }
  return id;
}

json::array string_array(const std::vector<std::string>& strings) {
  return json::array(strings.begin(), strings.end());
}

class InitCommand final : public Command {
 public:
  std::string_view name() const override { return "init"; }
  std::string_view synopsis() const override {
    return "init PLUGIN --id ID [--file FILE] [--force]";
  }
  std::string_view summary() const override {
    return "write a manifest for a new connector: disabled, required settings to fill in";
  }
  void declare(CommandOptions& options) const override {
    add_plugin_argument(options);
    options.visible.add_options()("id", po::value<std::string>(),
                                  "the connector's id (a-z, 0-9, '-'), eg: ninjaone-prod")(
        "file", po::value<std::string>(), "file to write (default: stdout), eg: manifests/ID.json")(
        "force", po::bool_switch(), "replace FILE when it exists");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string id = connector_id_option(args);
    const std::string file = optional_string(args, "file");
    const bool force = args.count("force") != 0 && args["force"].as<bool>();
    if (force && file.empty()) throw HostError(ExitCode::usage, "init: --force needs --file");
    const auto plugin = plugin_argument(session, args);
    const manifest::ManifestSkeleton skeleton =
        manifest::manifest_skeleton(id, plugin->descriptor());

    if (file.empty()) {
      // The manifest itself is the result: a document for people, a line for -o json.
      if (session.options().format == output::Format::json) {
        auto printer = session.printer({});
        printer->print(skeleton.document);
        printer->finish();
      } else {
        session.out() << session.redactor().redact(output::pretty_json(skeleton.document)) << '\n';
        session.out().flush();
      }
      return;
    }
    try {
      write_file_whole(file, output::pretty_json(skeleton.document) + "\n",
                       force ? Existing::replace : Existing::refuse);
    } catch (const FileExists&) {
      throw HostError(ExitCode::usage,
                      "init: " + file + " exists; pass --force to replace it with a new manifest");
    } catch (const std::runtime_error& e) {
      throw HostError(ExitCode::config, std::string("init: ") + e.what());
    }
    auto printer = session.printer(
        {{"FILE", "file"}, {"ID", "id"}, {"FILL IN", "fill_in"}, {"SET", "environment"}});
    printer->print({{"file", file},
                    {"id", id},
                    {"plugin", plugin->id()},
                    {"fill_in", string_array(skeleton.to_fill_in)},
                    {"environment", string_array(skeleton.environment)}});
    printer->finish();
  }
};

}  // namespace

std::unique_ptr<Command> make_init_command() { return std::make_unique<InitCommand>(); }

}  // namespace connector::host::commands
