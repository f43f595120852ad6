// Runs the statements of a MATPOWER case file and collects the `mpc` fields they assign.
//
// Supported statements: the `function mpc = name` header (and an optional closing `end`);
// `mpc.<field> = <value>` (numeric matrices, cell arrays of strings, strings, expressions);
// `mpc.<field>(rows, cols) = <expression>`; `name = <expression>`;
// `[A, B, ...] = idx_bus | idx_brch | idx_gen` with MATPOWER's column numbers; and
// `if <condition> ... [else ...] end`, whose untaken branch is skipped unread. Fields gat does
// not read (gentype, genfuel, areas, dcline, ...) are skipped without being evaluated.
// Anything else is an InputError "unsupported MATLAB statement" naming the line.
#pragma once

#include <string>
#include <string_view>

#include "io/matlab_workspace.hpp"

namespace gat::io::matlab {

Workspace run_case_script(std::string_view text, const std::string& source);

}  // namespace gat::io::matlab
