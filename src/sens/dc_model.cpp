#include "gat/sens/dc_model.hpp"

#include <emmintrin.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include "gat/core/bridges.hpp"
#include "gat/core/error.hpp"
#include "gat/linalg/sparse_lu.hpp"

namespace gat::sens {

DcModel::DcModel(const core::Network& net, const core::Topology& topo, std::string linear_solver)
    : linear_solver_(std::move(linear_solver)) {
  const auto& br = net.branches;
  const std::size_t nb = net.n_buses(), nl = br.size();
  island_ = topo.bus_island;
  energized_.assign(nb, 0);
  for (std::size_t i = 0; i < nb; ++i) {
    energized_[i] = island_[i] >= 0 && topo.islands[island_[i]].solvable();
  }

  // Grounded buses: every reference bus of an energized island, at the case's angle.
  unknown_.assign(nb, -1);
  ground_angle_rad_.assign(nb, 0.0);
  std::vector<std::uint8_t> grounded(nb, 0);
  for (const auto& island : topo.islands) {
    for (auto r : island.ref_buses) {
      grounded[r] = 1;
      ground_angle_rad_[r] = net.buses.va_rad[r];
      reference_buses_.push_back(r);
    }
  }
  for (std::size_t i = 0; i < nb; ++i) {
    if (energized_[i] && !grounded[i]) unknown_[i] = n_unknowns_++;
  }

  active_.assign(nl, 0);
  b_.assign(nl, 0.0);
  shift_rad_ = br.shift_rad;
  from_ = br.from_bus;
  to_ = br.to_bus;
  from_row_.assign(nl, n_unknowns_);
  to_row_.assign(nl, n_unknowns_);
  linalg::TripletBuilder triplets(n_unknowns_, n_unknowns_);
  triplets.reserve(4 * nl);
  for (std::size_t k = 0; k < nl; ++k) {
    const auto f = from_[k], t = to_[k];
    if (!br.in_service[k] || !energized_[f] || !energized_[t]) continue;
    if (br.x_pu[k] == 0.0) {
      throw ModelError(net.describe_branch(k), "zero reactance: the DC model is undefined");
    }
    active_[k] = 1;
    b_[k] = 1.0 / (br.x_pu[k] * br.tap_ratio[k]);
    const auto uf = unknown_[f], ut = unknown_[t];
    if (uf >= 0) from_row_[k] = uf;
    if (ut >= 0) to_row_[k] = ut;
    if (uf >= 0) triplets.add(uf, uf, b_[k]);
    if (ut >= 0) triplets.add(ut, ut, b_[k]);
    if (uf >= 0 && ut >= 0) {
      triplets.add(uf, ut, -b_[k]);
      triplets.add(ut, uf, -b_[k]);
    }
  }
  b_reduced_ = triplets.compress();
  bridge_ = core::find_bridges(nb, from_, to_, active_);

  linalg::LuFactors factors;
  if (n_unknowns_ > 0) {
    auto lu = linalg::make_sparse_lu(linear_solver_);
    lu->analyze(b_reduced_);
    if (lu->factor(b_reduced_.values) != linalg::FactorStatus::kOk) {
      throw Error("DC model: B' is singular with the reference buses grounded (case " + net.name +
                  ")");
    }
    factors = lu->extract_factors();
  }
  factored_ = std::make_shared<const linalg::FactoredSolver>(std::move(factors));
  // Angles are read from the factored solution directly: unknown u sits at solution_position.
  for (std::size_t k = 0; k < nl; ++k) {
    if (!active_[k]) continue;
    const auto uf = unknown_[from_[k]], ut = unknown_[to_[k]];
    if (uf >= 0) from_row_[k] = factored_->solution_position(uf);
    if (ut >= 0) to_row_[k] = factored_->solution_position(ut);
  }
}

std::vector<double> DcModel::flow_rhs_constant() const {
  std::vector<double> rhs0(static_cast<std::size_t>(n_unknowns_), 0.0);
  for (std::size_t k = 0; k < n_branches(); ++k) {
    if (!active_[k]) continue;
    const double p_shift = b_[k] * shift_rad_[k];  // flows f → t at zero angle difference: −P_finj
    const auto uf = unknown_[from_[k]], ut = unknown_[to_[k]];
    if (uf >= 0) rhs0[uf] += p_shift + (ut < 0 ? b_[k] * ground_angle_rad_[to_[k]] : 0.0);
    if (ut >= 0) rhs0[ut] += -p_shift + (uf < 0 ? b_[k] * ground_angle_rad_[from_[k]] : 0.0);
  }
  return rhs0;
}

template <typename Store>
void DcModel::solve_flows(std::size_t n_cases, const InjectionFill& fill, const Store& store,
                          bool parallel) const {
  const std::size_t nb = n_buses(), nl = n_branches(), nu = static_cast<std::size_t>(n_unknowns_);
  const auto rhs0 = flow_rhs_constant();
  // Cases in blocks of interleaved right-hand sides (one pass over the factors serves a block),
  // blocks in parallel.
  constexpr std::size_t kBlock = 16;
  const std::size_t n_blocks = (n_cases + kBlock - 1) / kBlock;
  const auto blocks = [&](const tbb::blocked_range<std::size_t>& range) {
    std::vector<double> p, theta, work;  // p[c * nb + i], theta[u * m + c]
    for (std::size_t blk = range.begin(); blk < range.end(); ++blk) {
      const std::size_t c0 = blk * kBlock, m = std::min(kBlock, n_cases - c0);
      p.resize(nb * m);
      fill(c0, m, p);
      // A bus's cases are one row of theta; every unknown is some bus's, so all is overwritten.
      theta.resize(nu * m);
      for (std::size_t i = 0; i < nb; ++i) {
        const auto u = unknown_[i];
        if (u < 0) continue;
        double* row = theta.data() + static_cast<std::size_t>(u) * m;
        for (std::size_t c = 0; c < m; ++c) row[c] = p[c * nb + i] + rhs0[u];
      }
      factored_->solve(theta, m, work);
      // The flows, branches in ranges that idle workers take: with few hours there are fewer
      // blocks than cores, and this is most of a block's time.
      const auto branches = [&](const tbb::blocked_range<std::size_t>& ks) {
        alignas(64) std::array<double, kBlock> row{}, ground_from{}, ground_to{};
        // A bus's angles in the block's cases: its row of theta, or its ground angle in each.
        auto angles = [&](std::int32_t bus, std::array<double, kBlock>& ground) {
          const auto u = unknown_[bus];
          if (u >= 0) return theta.data() + static_cast<std::size_t>(u) * m;
          ground.fill(ground_angle_rad_[bus]);
          return ground.data();
        };
        for (std::size_t k = ks.begin(); k < ks.end(); ++k) {
          if (active_[k]) {
            const double* from = angles(from_[k], ground_from);
            const double* to = angles(to_[k], ground_to);
            const double b = b_[k], shift = shift_rad_[k];
            for (std::size_t c = 0; c < m; ++c) row[c] = b * (from[c] - to[c] - shift);
          } else {
            row.fill(0.0);
          }
          store(k, c0, std::span<const double>(row.data(), m));
        }
        _mm_sfence();  // streaming stores of the range done before its task ends
      };
      const tbb::blocked_range<std::size_t> all_branches(0, nl, 2048);
      if (parallel) {
        tbb::parallel_for(all_branches, branches);
      } else {
        branches(all_branches);
      }
    }
  };
  const tbb::blocked_range<std::size_t> all(0, n_blocks);
  if (parallel) {
    tbb::parallel_for(all, blocks);
  } else {
    blocks(all);
  }
}

DenseMatrix DcModel::flows(std::span<const double> p_bus, std::size_t n_cases,
                           bool parallel) const {
  const std::size_t nb = n_buses();
  if (p_bus.size() != nb * n_cases) throw UsageError("DcModel::flows: injections have wrong size");
  DenseMatrix f(n_branches(), n_cases);
  solve_flows(
      n_cases,
      [&](std::size_t first, std::size_t m, std::span<double> p) {
        std::copy_n(p_bus.begin() + static_cast<std::ptrdiff_t>(first * nb), m * nb, p.begin());
      },
      [&](std::size_t k, std::size_t c0, std::span<const double> flows) {
        for (std::size_t c = 0; c < flows.size(); ++c) f(k, c0 + c) = flows[c];
      },
      parallel);
  return f;
}

void DcModel::BranchFlows::Free::operator()(double* p) const {
  std::free(p);
}

DcModel::BranchFlows DcModel::flows_by_branch(std::size_t n_cases,
                                              const InjectionFill& fill) const {
  // A large one aligned to and asked for on 2 MiB pages: a year of hours of a 10k-bus case is
  // ~1 GB, whose first touch (and a fork server's page tables) would otherwise be 250k small
  // pages.
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  const std::size_t bytes = std::max<std::size_t>(n_branches() * n_cases * sizeof(double), 1);
  const bool huge = bytes >= kHugePage;
  const std::size_t rounded = huge ? (bytes + kHugePage - 1) / kHugePage * kHugePage : bytes;
  auto* memory =
      static_cast<double*>(huge ? std::aligned_alloc(kHugePage, rounded) : std::malloc(rounded));
  if (!memory)
    throw Error("out of memory for the base flows (" + std::to_string(bytes) + " bytes)");
  if (huge) ::madvise(memory, rounded, MADV_HUGEPAGE);  // advice only: small pages if refused
  BranchFlows f{n_branches(), n_cases, std::unique_ptr<double[], BranchFlows::Free>(memory)};
  double* out = f.values.get();
  // A branch's 16 hours are two whole cache lines when its row is 64-byte aligned: written
  // with streaming stores, which do not read the lines first (the matrix is far larger than
  // the caches, and its rows are scattered: the reads were most of the time).
  const bool stream = n_cases % 8 == 0;
  solve_flows(
      n_cases, fill,
      [&](std::size_t k, std::size_t c0, std::span<const double> flows) {
        double* to = out + k * n_cases + c0;
        if (stream && flows.size() % 8 == 0) {
          for (std::size_t c = 0; c < flows.size(); c += 2)
            _mm_stream_pd(to + c, _mm_load_pd(flows.data() + c));
        } else {
          std::copy(flows.begin(), flows.end(), to);
        }
      },
      /*parallel=*/true);
  return f;
}

DcModel::Solver::Solver(const DcModel& model) : model_(model) {}

double* DcModel::Solver::clear(std::size_t n_cols) {
  x_.assign((static_cast<std::size_t>(model_.n_unknowns_) + 1) * n_cols, 0.0);
  return x_.data();
}

// Row u of the right-hand side goes to its pivotal position, scaled as the factors expect.
void DcModel::Solver::add(std::int32_t unknown, std::size_t col, std::size_t n_cols, double value) {
  const auto& lu = *model_.factored_;
  const auto k = lu.rhs_position(unknown);
  x_[static_cast<std::size_t>(k) * n_cols + col] += value * lu.rhs_scale(k);
}

void DcModel::Solver::bus_injections(std::span<const std::int32_t> buses,
                                     std::span<const std::int32_t> rows, std::span<double> out,
                                     std::size_t stride) {
  clear(buses.size());
  for (std::size_t j = 0; j < buses.size(); ++j) {
    const auto u = model_.unknown_[buses[j]];
    if (u >= 0) add(u, j, buses.size(), 1.0);
  }
  solve_and_gather(buses.size(), rows, out, stride);
}

void DcModel::Solver::branch_transfers(std::span<const std::int32_t> branches,
                                       std::span<const std::int32_t> rows, std::span<double> out,
                                       std::size_t stride) {
  const std::size_t c = branches.size();
  clear(c);
  for (std::size_t j = 0; j < c; ++j) {
    const auto k = branches[j];
    if (!model_.active_[k]) continue;
    const auto uf = model_.unknown_[model_.from_[k]], ut = model_.unknown_[model_.to_[k]];
    if (uf >= 0) add(uf, j, c, 1.0);
    if (ut >= 0) add(ut, j, c, -1.0);
  }
  solve_and_gather(c, rows, out, stride);
}

void DcModel::Solver::injections(std::span<const double> p_bus, std::size_t n_cols,
                                 std::span<const std::int32_t> rows, std::span<double> out,
                                 std::size_t stride) {
  const std::size_t nb = model_.n_buses();
  clear(n_cols);
  for (std::size_t j = 0; j < n_cols; ++j) {
    for (std::size_t i = 0; i < nb; ++i) {
      const auto u = model_.unknown_[i];
      if (u >= 0 && p_bus[j * nb + i] != 0.0) add(u, j, n_cols, p_bus[j * nb + i]);
    }
  }
  solve_and_gather(n_cols, rows, out, stride);
}

// X = B'_r⁻¹ RHS in the factored ordering (a grounded end reads the zero row n_u), then
//   out(r, j) = b_l (X(f_l, j) − X(t_l, j)),  l = rows[r].
void DcModel::Solver::solve_and_gather(std::size_t n_cols, std::span<const std::int32_t> rows,
                                       std::span<double> out, std::size_t stride) {
  const std::size_t nu = static_cast<std::size_t>(model_.n_unknowns_);
  if (n_cols == 0) return;
  model_.factored_->solve_factored(std::span(x_.data(), nu * n_cols), n_cols);
  if (rows.empty()) return;
  if (stride < n_cols || out.size() < (rows.size() - 1) * stride + n_cols) {
    throw UsageError("DcModel::Solver: output block too small");
  }
  const double* x = x_.data();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto l = rows[r];
    double* o = out.data() + r * stride;
    const double b = model_.b_[l];
    const double* xf = x + static_cast<std::size_t>(model_.from_row_[l]) * n_cols;
    const double* xt = x + static_cast<std::size_t>(model_.to_row_[l]) * n_cols;
    for (std::size_t j = 0; j < n_cols; ++j) o[j] = b * (xf[j] - xt[j]);
  }
}

}  // namespace gat::sens
