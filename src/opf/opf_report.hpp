// Binding constraints of a solved OPF, in MATPOWER's units, for results and summaries.
#pragma once

#include <vector>

#include "gat/core/network.hpp"
#include "gat/opf/dc_opf.hpp"

namespace gat::opf::detail {

// A limit is binding when its multiplier is positive or the value is within tolerance of it
// (relative to max(1, |limit|)). Sorted by shadow price, largest first.
std::vector<BindingConstraint> binding_constraints(const core::Network& net, const DcOpfResult& r,
                                                   double tolerance);

// Appends binding constraint c if value is at limit or mu > 0.
void add_if_binding(std::vector<BindingConstraint>& out, BindingConstraint c, double mu,
                    double tolerance);

void sort_binding(std::vector<BindingConstraint>& out);

}  // namespace gat::opf::detail
