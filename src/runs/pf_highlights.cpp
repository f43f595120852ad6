// What a power flow (gat pf dc|ac) found, read back from its tables (docs/schemas/pf.md):
// islands, load and generation, angles or voltages, losses and the most loaded branches.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "gat/io/case_loader.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/text.hpp"
#include "studies.hpp"
#include "table_columns.hpp"

namespace gat::runs {

namespace {

std::shared_ptr<arrow::Table> table(const RunRecord& r, const std::string& name) {
  const auto t = read_result_table(r, name);
  return t ? t->CombineChunks().ValueOrDie() : nullptr;
}

std::int64_t rows(const std::shared_ptr<arrow::Table>& t) {
  return t ? t->num_rows() : 0;
}

// Σ column over the rows where `valid` is not null (both double columns).
double sum_where(const arrow::Table& t, const std::string& name, const std::string& valid) {
  const auto& v = column<arrow::DoubleArray>(t, name);
  const auto& ok = column<arrow::DoubleArray>(t, valid);
  double s = 0;
  for (std::int64_t i = 0; i < t.num_rows(); ++i) {
    if (!ok.IsNull(i) && !v.IsNull(i)) s += v.Value(i);
  }
  return s;
}

void case_line(std::string& out, const RunRecord& r, const std::shared_ptr<arrow::Table>& bus,
               const std::shared_ptr<arrow::Table>& branch,
               const std::shared_ptr<arrow::Table>& gen) {
  append(out, "  case         %s  (%lld buses, %lld branches, %lld generators)\n",
         std::filesystem::path(r.study.input("case").path).stem().string().c_str(),
         static_cast<long long>(rows(bus)), static_cast<long long>(rows(branch)),
         static_cast<long long>(rows(gen)));
}

// Islands solved, and why each other one was not (with its iterations, AC).
void island_lines(std::string& out, const std::shared_ptr<arrow::Table>& island, bool ac) {
  if (!island) return;
  const auto& status = column<arrow::StringArray>(*island, "status");
  const auto& message = column<arrow::StringArray>(*island, "message");
  std::int64_t solved = 0;
  for (std::int64_t i = 0; i < island->num_rows(); ++i) solved += status.GetView(i) == "solved";
  append(out, "  islands      %lld, %lld solved\n", static_cast<long long>(island->num_rows()),
         static_cast<long long>(solved));
  for (std::int64_t i = 0; i < island->num_rows(); ++i) {
    if (status.GetView(i) == "solved") continue;
    append(out, "    island %lld: %s", static_cast<long long>(int_at(*island, "island", i)),
           std::string(message.GetView(i)).c_str());
    if (ac) {
      const auto& mismatch = column<arrow::DoubleArray>(*island, "max_mismatch_mva");
      if (!mismatch.IsNull(i))
        append(out, " (%d iterations, mismatch %.3g MVA)",
               column<arrow::Int32Array>(*island, "iterations").Value(i), mismatch.Value(i));
    }
    append(out, "\n");
  }
}

// Branches above rate A, and the five most loaded (MW, and MVAr for AC).
void loading_lines(std::string& out, const std::shared_ptr<arrow::Table>& branch, bool ac) {
  if (!branch) return;
  const auto& loading = column<arrow::DoubleArray>(*branch, "loading_pct");
  std::int64_t rated = 0, over = 0;
  for (std::int64_t i = 0; i < branch->num_rows(); ++i) {
    if (loading.IsNull(i)) continue;
    ++rated;
    over += loading.Value(i) > 100.0;
  }
  append(out, "  overloads    %lld of %lld rated branches above rate A\n",
         static_cast<long long>(over), static_cast<long long>(rated));
  if (rated == 0) return;
  const auto top = top_rows(branch, "loading_pct", 5)->CombineChunks().ValueOrDie();
  const auto& id = column<arrow::Int64Array>(*top, "branch_id");
  const auto& from = column<arrow::Int64Array>(*top, "from_bus");
  const auto& to = column<arrow::Int64Array>(*top, "to_bus");
  const auto& p = column<arrow::DoubleArray>(*top, "p_from_mw");
  const auto& pct = column<arrow::DoubleArray>(*top, "loading_pct");
  const auto& rate = column<arrow::DoubleArray>(*top, "rate_a_mva");
  for (std::int64_t i = 0; i < std::min<std::int64_t>(top->num_rows(), rated); ++i) {
    const auto name = "branch " + std::to_string(id.Value(i)) + " (" +
                      std::to_string(from.Value(i)) + "-" + std::to_string(to.Value(i)) + ")";
    append(out, "    %-28s %8.1f MW", name.c_str(), p.Value(i));
    if (ac) append(out, " %8.1f MVAr", column<arrow::DoubleArray>(*top, "q_from_mvar").Value(i));
    append(out, "  %6.1f %% of %.0f MVA\n", pct.Value(i), rate.Value(i));
  }
}

// Lowest and highest voltage; buses outside the case's [Vmin, Vmax], the five lowest.
void voltage_lines(std::string& out, const RunRecord& r, const arrow::Table& bus) {
  const auto& vm = column<arrow::DoubleArray>(bus, "vm_pu");
  const auto& id = column<arrow::Int64Array>(bus, "bus_id");
  std::vector<std::int64_t> order;
  for (std::int64_t i = 0; i < bus.num_rows(); ++i) {
    if (!vm.IsNull(i)) order.push_back(i);
  }
  if (order.empty()) return;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return vm.Value(a) < vm.Value(b); });
  append(out, "  voltages     %.4f p.u. at bus %lld .. %.4f p.u. at bus %lld\n",
         vm.Value(order.front()), static_cast<long long>(id.Value(order.front())),
         vm.Value(order.back()), static_cast<long long>(id.Value(order.back())));
  // The limits are the case's, not the tables'.
  const auto net = io::load_case(r.study.input("case").path);
  std::size_t low = 0, high = 0;
  for (auto i : order) {
    const auto b = static_cast<std::size_t>(net.bus_at(id.Value(i)));
    low += vm.Value(i) < net.buses.vmin_pu[b] - 1e-9;
    high += vm.Value(i) > net.buses.vmax_pu[b] + 1e-9;
  }
  append(out, "    outside [Vmin, Vmax]: %zu low, %zu high; lowest:", low, high);
  for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k)
    append(out, " %lld (%.4f)", static_cast<long long>(id.Value(order[k])), vm.Value(order[k]));
  append(out, "\n");
}

}  // namespace

std::string pf_dc_highlights(const RunRecord& r) {
  std::string out;
  const auto bus = table(r, "bus"), branch = table(r, "branch"), gen = table(r, "gen");
  case_line(out, r, bus, branch, gen);
  island_lines(out, table(r, "island"), false);
  if (!bus) return out;
  // Load of the energized buses (a solved angle); generation of every solved generator.
  const double load = sum_where(*bus, "p_load_mw", "va_deg");
  const double generation = gen ? sum_where(*gen, "p_mw", "p_mw") : 0.0;
  append(out, "  load         %s MW    generation %s MW    shunts %s MW\n", thousands(load).c_str(),
         thousands(generation).c_str(), thousands(generation - load, 2).c_str());
  const auto& va = column<arrow::DoubleArray>(*bus, "va_deg");
  const auto& id = column<arrow::Int64Array>(*bus, "bus_id");
  std::int64_t lo = -1, hi = -1;
  for (std::int64_t i = 0; i < bus->num_rows(); ++i) {
    if (va.IsNull(i)) continue;
    if (lo < 0 || va.Value(i) < va.Value(lo)) lo = i;
    if (hi < 0 || va.Value(i) > va.Value(hi)) hi = i;
  }
  if (lo >= 0) {
    append(out, "  angles       %.2f deg at bus %lld .. %.2f deg at bus %lld\n", va.Value(lo),
           static_cast<long long>(id.Value(lo)), va.Value(hi),
           static_cast<long long>(id.Value(hi)));
  }
  loading_lines(out, branch, false);
  return out;
}

std::string pf_ac_highlights(const RunRecord& r) {
  std::string out;
  const auto& p = r.study.params;
  const auto bus = table(r, "bus"), branch = table(r, "branch"), gen = table(r, "gen");
  const auto island = table(r, "island");
  case_line(out, r, bus, branch, gen);
  // The solver's iterations and mismatch: the largest over the islands solved for.
  int iterations = 0;
  double mismatch = 0;
  bool converged = true;
  if (island) {
    const auto& it = column<arrow::Int32Array>(*island, "iterations");
    const auto& mm = column<arrow::DoubleArray>(*island, "max_mismatch_mva");
    const auto& status = column<arrow::StringArray>(*island, "status");
    for (std::int64_t i = 0; i < island->num_rows(); ++i) {
      iterations = std::max(iterations, it.Value(i));
      if (!mm.IsNull(i)) mismatch = std::max(mismatch, mm.Value(i));
      converged = converged && status.GetView(i) == "solved";
    }
  }
  const std::string algorithm(pf::to_string(pf_ac_options(p).algorithm));
  const bool q_limits = p.at("q_limits").get<bool>();
  append(out, "  solver       %s, tol %g p.u.%s: %s in %d iterations, max mismatch %.3g MVA\n",
         algorithm.c_str(), p.at("tol_pu").get<double>(), q_limits ? ", Q limits" : "",
         converged ? "converged" : "NOT CONVERGED", iterations, mismatch);
  island_lines(out, island, true);
  if (!bus) return out;
  const double pd = sum_where(*bus, "p_load_mw", "vm_pu"),
               qd = sum_where(*bus, "q_load_mvar", "vm_pu");
  append(out, "  load         %s MW  %s MVAr\n", thousands(pd).c_str(), thousands(qd).c_str());
  if (gen) {
    std::int64_t at_limit = 0;
    const auto& limited = column<arrow::BooleanArray>(*gen, "at_q_limit");
    for (std::int64_t i = 0; i < gen->num_rows(); ++i)
      at_limit += !limited.IsNull(i) && limited.Value(i);
    append(out, "  generation   %s MW  %s MVAr", thousands(sum_where(*gen, "p_mw", "p_mw")).c_str(),
           thousands(sum_where(*gen, "q_mvar", "p_mw")).c_str());
    if (q_limits)
      append(out, "  (%lld generators held at a Q limit)", static_cast<long long>(at_limit));
    append(out, "\n");
  }
  if (branch) {
    const double pl = sum_where(*branch, "p_loss_mw", "p_loss_mw");
    const double ql = sum_where(*branch, "q_loss_mvar", "p_loss_mw");
    append(out, "  losses       %s MW (%.2f %% of load)  %s MVAr\n", thousands(pl, 2).c_str(),
           pd > 0 ? 100 * pl / pd : 0.0, thousands(ql, 2).c_str());
  }
  voltage_lines(out, r, *bus);
  loading_lines(out, branch, true);
  return out;
}

std::string pf_incomplete(const RunRecord& r) {
  const auto island = table(r, "island");
  if (!island) return "";
  const auto& status = column<arrow::StringArray>(*island, "status");
  for (std::int64_t i = 0; i < island->num_rows(); ++i) {
    if (status.GetView(i) != "solved")
      return "results written, but not every island was solved (see the island table)";
  }
  return "";
}

}  // namespace gat::runs
