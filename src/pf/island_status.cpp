#include "gat/pf/island_status.hpp"

namespace gat::pf {

std::string_view to_string(IslandStatus status) {
  switch (status) {
    case IslandStatus::kSolved:
      return "solved";
    case IslandStatus::kNoGeneration:
      return "no_generation";
    case IslandStatus::kSingular:
      return "singular";
    case IslandStatus::kNotConverged:
      return "not_converged";
    case IslandStatus::kDiverged:
      return "diverged";
    case IslandStatus::kQLimitFailed:
      return "q_limit_failed";
  }
  return "unknown";
}

}  // namespace gat::pf
