// --elcc and --elcc-unit of gat adequacy indices: the ELCC of renewable plants or of a candidate
// unit by the COPT and by Monte Carlo with common random numbers (adequacy/elcc.hpp).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "gat/adequacy/capacity.hpp"
#include "gat/adequacy/renewables.hpp"

namespace gat::cli {

struct ElccRequest {
  std::string method;     // copt, states, sequential or all
  std::size_t years = 0;  // Monte Carlo years
  std::uint64_t seed = 0;
  double step_mw = 1.0;           // COPT step
  std::string unit_spec;          // --elcc-unit as given; empty: the renewables' ELCC
  std::vector<double> candidate;  // parse_candidate(unit_spec)
};

// --elcc-unit MW,FOR[,MTTR_h]; UsageError (exit 2) for anything else, before any output.
std::vector<double> parse_candidate(const std::string& spec, bool needs_mttr);

// Prints the ELCC of the renewables (against the units alone) or of the candidate unit
// (against the units and the renewables) by the COPT and each Monte Carlo method asked for.
void report_elcc(const ElccRequest& request, const adequacy::Units& units,
                 const std::vector<double>& load, const adequacy::Renewables& renewables,
                 std::FILE* s);

}  // namespace gat::cli
