// The study plug-ins compiled into gat, one declaration each (listed in study_registry.cpp).
#pragma once

#include <memory>

#include "gat/runs/study.hpp"

namespace gat::runs {

StudyType batch_pf_ac_study();
StudyType batch_pf_dc_study();
StudyType batch_mismatch_study();
StudyType noop_study();
StudyType nminus1_ac_study();
StudyType nminus1_dc_study();

// Declarations several studies share.
InputSpec case_input();
InputSpec profile_input(bool required);
// An axis chunked by `flag`, `size` items a chunk unless given (0: not split).
AxisSpec fixed_axis(std::string name, std::string flag, std::string help, std::int64_t size);

// What finished runs found, for the terminal (highlights.cpp).
std::string batch_pf_highlights(const RunRecord& record);
std::string batch_mismatch_highlights(const RunRecord& record);
std::string nminus1_dc_highlights(const RunRecord& record);
std::string nminus1_ac_highlights(const RunRecord& record);
std::string nminus1_ac_incomplete(const RunRecord& record);

}  // namespace gat::runs
