// The study plug-ins compiled into gat, one declaration each (listed in study_registry.cpp).
#pragma once

#include <memory>

#include "gat/runs/study.hpp"

namespace gat::runs {

StudyType adequacy_elcc_study();
StudyType adequacy_indices_study();
StudyType adequacy_screen_study();
StudyType batch_pf_ac_study();
StudyType batch_pf_dc_study();
StudyType noop_study();
StudyType nminus1_dc_study();
StudyType opf_ac_study();
StudyType opf_dc_study();

// Declarations several studies share.
InputSpec case_input();
InputSpec profile_input(bool required);
// An axis chunked by `flag`, `size` items a chunk unless given (0: not split).
AxisSpec fixed_axis(std::string name, std::string flag, std::string help, std::int64_t size);
// --solver-option KEY=VALUE of the OPF studies (opf_dc_study.cpp), and its parameter read back
// (UsageError for an item without '=').
Option solver_options_option(const std::string& solver);
std::vector<std::pair<std::string, std::string>> parse_solver_options(const nlohmann::json& list);

// What finished runs found, for the terminal (highlights.cpp).
std::string batch_pf_highlights(const RunRecord& record);
std::string nminus1_dc_highlights(const RunRecord& record);
// opf dc (one case or every hour of a profile) and opf ac; the shortfall: not every OPF optimal.
std::string opf_highlights(const RunRecord& record);
std::string opf_shortfall(const RunRecord& record);
// adequacy_highlights.cpp
std::string adequacy_elcc_highlights(const RunRecord& record);
std::string adequacy_indices_highlights(const RunRecord& record);
std::string adequacy_screen_highlights(const RunRecord& record);

}  // namespace gat::runs
