#include "linter/app/cli.h"

int main(int argc, char** argv) { return amilint::run_cli(argc, argv); }
