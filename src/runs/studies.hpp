// The study plug-ins compiled into gat, one factory each (listed in study_registry.cpp).
#pragma once

#include <memory>

#include "gat/runs/study.hpp"

namespace gat::runs {

std::unique_ptr<Study> open_batch_pf_ac(const exec::StudySpec& spec);
std::unique_ptr<Study> open_batch_pf_dc(const exec::StudySpec& spec);
std::unique_ptr<Study> open_noop(const exec::StudySpec& spec);
std::unique_ptr<Study> open_nminus1_dc(const exec::StudySpec& spec);

}  // namespace gat::runs
