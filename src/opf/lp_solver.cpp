// The LpSolver registry: back ends by name.
#include "gat/opf/lp_solver.hpp"

#include "gat/core/error.hpp"
#include "gat/opf/nlp_solver.hpp"

namespace gat::opf {

std::unique_ptr<LpSolver> make_highs_lp_solver();
std::string highs_version();
std::unique_ptr<LpSolver> make_ipopt_lp_solver();

std::string_view to_string(LpStatus status) {
  switch (status) {
    case LpStatus::kOptimal:
      return "optimal";
    case LpStatus::kInfeasible:
      return "infeasible";
    case LpStatus::kUnbounded:
      return "unbounded";
    case LpStatus::kInfeasibleOrUnbounded:
      return "infeasible_or_unbounded";
    case LpStatus::kIterationLimit:
      return "iteration_limit";
    case LpStatus::kTimeLimit:
      return "time_limit";
    case LpStatus::kError:
      return "error";
  }
  return "unknown";
}

std::unique_ptr<LpSolver> make_lp_solver(std::string_view backend) {
  if (backend == "highs") return make_highs_lp_solver();
  if (backend == "ipopt") return make_ipopt_lp_solver();
  std::string known;
  for (const auto& b : lp_solver_backends()) known += (known.empty() ? "" : ", ") + b;
  throw SolverUnavailable("LP solver '" + std::string(backend) +
                          "' is not compiled in (have: " + (known.empty() ? "none" : known) + ")");
}

std::vector<std::string> lp_solver_backends() {
  return {"highs", "ipopt"};
}

std::string lp_solver_version(std::string_view backend) {
  if (backend == "highs") return highs_version();
  if (backend == "ipopt") return nlp_solver_version("ipopt");
  return {};
}

}  // namespace gat::opf
