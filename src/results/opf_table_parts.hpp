// Pieces shared by the single-run and rolling OPF tables.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"
#include "gat/opf/dc_opf.hpp"

namespace gat::results::detail {

// Per-element columns that come from the case, not the result.
struct OpfCaseColumns {
  std::vector<std::int64_t> branch_from, branch_to, gen_id, gen_bus;
  std::vector<bool> branch_on, gen_on;
  std::vector<double> rate_mva;  // NaN when unrated
  std::vector<double> pd_mw, qd_mvar;
};

OpfCaseColumns opf_case_columns(const core::Network& net);

std::vector<double> scaled(const std::vector<double>& v, double factor);

// Binding constraints with the hour each belongs to.
using TaggedBinding = std::vector<std::pair<std::int64_t, opf::BindingConstraint>>;

NamedTable binding_table(const core::Network& net, const TaggedBinding& rows, bool with_hour,
                         const std::string& run_id);

}  // namespace gat::results::detail
