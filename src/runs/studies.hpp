// The study plug-ins compiled into gat, one declaration each (listed in study_registry.cpp).
#pragma once

#include <memory>

#include "gat/pf/ac_power_flow.hpp"
#include "gat/runs/study.hpp"

namespace gat::runs {

StudyType adequacy_elcc_study();
StudyType adequacy_indices_study();
StudyType adequacy_screen_study();
StudyType batch_pf_ac_study();
StudyType batch_pf_dc_study();
StudyType batch_mismatch_study();
StudyType noop_study();
StudyType nminus1_ac_study();
StudyType nminus1_dc_study();
StudyType opf_ac_study();
StudyType opf_dc_study();
StudyType pf_dc_study();
StudyType pf_ac_study();
StudyType sens_ptdf_study();
StudyType sens_lodf_study();

// Declarations several studies share.
InputSpec case_input();
InputSpec profile_input(bool required);
// The spec's input of this name, nullptr when it has none (an optional input not given).
const exec::InputFile* find_input(const exec::StudySpec& spec, std::string_view name);
// The options, in order.
std::vector<Option> join(std::initializer_list<std::vector<Option>> parts);
// The AC power flow's solver: --algorithm, --fdpf-variant, --tol, --max-iter (pf ac, batch pf).
std::vector<Option> ac_solver_options();
// An axis chunked by `flag`, `size` items a chunk unless given (0: not split).
AxisSpec fixed_axis(std::string name, std::string flag, std::string help, std::int64_t size);
// --solver-option KEY=VALUE of the OPF studies (opf_dc_study.cpp), and its parameter read back
// (UsageError for an item without '=').
Option solver_options_option(const std::string& solver);
std::vector<std::pair<std::string, std::string>> parse_solver_options(const nlohmann::json& list);

// What finished runs found, for the terminal (highlights.cpp).
std::string batch_pf_highlights(const RunRecord& record);
std::string batch_mismatch_highlights(const RunRecord& record);
std::string nminus1_dc_highlights(const RunRecord& record);
// opf dc (one case or every hour of a profile) and opf ac; incomplete: not every OPF optimal.
std::string opf_highlights(const RunRecord& record);
std::string opf_incomplete(const RunRecord& record);
// adequacy_highlights.cpp
std::string adequacy_elcc_highlights(const RunRecord& record);
std::string adequacy_indices_highlights(const RunRecord& record);
std::string adequacy_screen_highlights(const RunRecord& record);
std::string pf_dc_highlights(const RunRecord& record);
std::string pf_ac_highlights(const RunRecord& record);
// Why a power flow's results are not whole: an island not solved ("" when every one is).
std::string pf_incomplete(const RunRecord& record);

// The AC power-flow options of `gat pf ac`'s parameters (pf_study.cpp).
pf::AcPfOptions pf_ac_options(const nlohmann::json& params);
std::string nminus1_ac_highlights(const RunRecord& record);
std::string nminus1_ac_incomplete(const RunRecord& record);

}  // namespace gat::runs
