#pragma once
// Each group of subcommands registers itself on the app; the callbacks store their exit code in `exitCode`.
#include <CLI/CLI.hpp>

#include "cli_context.h"

namespace taxo::cli {

void registerDataCommands(CLI::App& app, Context& context, int& exitCode);
void registerLearnCommands(CLI::App& app, Context& context, int& exitCode);
void registerAnalysisCommands(CLI::App& app, Context& context, int& exitCode);

}  // namespace taxo::cli
