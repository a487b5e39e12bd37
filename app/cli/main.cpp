// taxoscope-cli: the pipeline from the command line. Each command lives in its own file under app/cli.
#include <iostream>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"Taxoscope: train, watch and question image classifiers of rare species", "taxoscope-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "taxoscope-cli 0.1.0");
    CLI11_PARSE(app, argc, argv);
    return 0;
}
