// What happened to each island of a power flow. Non-convergence, divergence and singular
// matrices are outcomes, not exceptions: one bad island never loses the others.
#pragma once

#include <string>
#include <string_view>

namespace gat::pf {

enum class IslandStatus {
  kSolved,
  kNoGeneration,  // no in-service generator: the island is not energized
  kSingular,      // the matrix to factor is singular; the message says where
  kNotConverged,  // the iteration limit was reached with the mismatch above tolerance
  kDiverged,      // the iterates left the finite numbers (or the mismatch exploded)
  kQLimitFailed,  // Q-limit enforcement could not continue (every generator at a limit, or
                  // a reference bus at its limit in an island with several references)
};

std::string_view to_string(IslandStatus status);

struct IslandOutcome {
  IslandStatus status = IslandStatus::kSolved;
  std::string message;
  int iterations = 0;          // AC: Newton (or P half-) iterations, summed over Q-limit rounds
  double max_mismatch_pu = 0;  // AC: ‖F‖∞ at the final iterate
};

}  // namespace gat::pf
