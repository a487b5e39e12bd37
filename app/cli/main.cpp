// taxoscope-cli: the pipeline from the command line. Argument parsing only; the work is in core/.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli_context.h"
#include "commands.h"

int main(int argc, char** argv) {
    using namespace taxo::cli;
    CLI::App app{"Taxoscope: train, watch and question image classifiers of rare species", "taxoscope-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "taxoscope-cli 0.1.0");
    Context context;
    app.add_flag("--json", context.json, "Machine-readable JSON on stdout");
    app.add_flag("-q,--quiet", context.quiet, "No progress on stderr");
    app.add_option("--threads", context.threads, "Worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);

    int exitCode = kOk;
    registerDataCommands(app, context, exitCode);
    registerLearnCommands(app, context, exitCode);
    registerAnalysisCommands(app, context, exitCode);
    (void)std::cerr;
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kUsage;
    }
    return exitCode;
}
