// The table of every command the CLI knows, in the order --help lists them.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "commands/command.hpp"

namespace connector::host::commands {

const std::vector<std::unique_ptr<Command>>& all_commands();

// The command named `name`, or nullptr.
const Command* find_command(std::string_view name);

}  // namespace connector::host::commands
