#include "commands/registry.hpp"

#include <algorithm>

namespace connector::host::commands {

// One factory per file in this folder.
std::unique_ptr<Command> make_plugins_command();
std::unique_ptr<Command> make_describe_command();
std::unique_ptr<Command> make_init_command();
std::unique_ptr<Command> make_connectors_command();
std::unique_ptr<Command> make_validate_command();
std::unique_ptr<Command> make_resource_types_command();
std::unique_ptr<Command> make_resources_command();
std::unique_ptr<Command> make_entitlements_command();
std::unique_ptr<Command> make_grants_command();
std::unique_ptr<Command> make_grant_command();
std::unique_ptr<Command> make_revoke_command();
std::unique_ptr<Command> make_create_account_command();
std::unique_ptr<Command> make_delete_account_command();
std::unique_ptr<Command> make_sync_command();
std::unique_ptr<Command> make_diff_command();
std::unique_ptr<Command> make_export_command();
std::unique_ptr<Command> make_audit_command();
std::unique_ptr<Command> make_history_command();
std::unique_ptr<Command> make_runs_command();
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_operations_command();
std::unique_ptr<Command> make_review_command();
std::unique_ptr<Command> make_timed_grants_command();
std::unique_ptr<Command> make_expire_command();

namespace {

using Factory = std::unique_ptr<Command> (*)();

// The command table: add a line here to add a command.
constexpr Factory command_table[] = {
    &make_plugins_command,        &make_describe_command,     &make_init_command,
    &make_connectors_command,     &make_validate_command,     &make_resource_types_command,
    &make_resources_command,      &make_entitlements_command, &make_grants_command,
    &make_grant_command,          &make_revoke_command,       &make_create_account_command,
    &make_delete_account_command, &make_sync_command,         &make_diff_command,
    &make_export_command,         &make_runs_command,         &make_history_command,
    &make_audit_command,          &make_operations_command,   &make_review_command,
    &make_timed_grants_command,   &make_expire_command,       &make_run_command,
};

}  // namespace

const std::vector<std::unique_ptr<Command>>& all_commands() {
  static const std::vector<std::unique_ptr<Command>> commands = [] {
    std::vector<std::unique_ptr<Command>> made;
    for (const Factory make : command_table) made.push_back(make());
    return made;
  }();
  return commands;
}

const Command* find_command(std::string_view name) {
  const auto& commands = all_commands();
  const auto it = std::find_if(commands.begin(), commands.end(),
                               [&](const auto& command) { return command->name() == name; });
  return it == commands.end() ? nullptr : it->get();
}

}  // namespace connector::host::commands
