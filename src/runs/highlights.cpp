// What a finished run found, in a few lines for the terminal, read back from its tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "gat/core/error.hpp"
#include "gat/opf/lp_solver.hpp"
#include "gat/opf/nlp_solver.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/text.hpp"
#include "studies.hpp"
#include "table_columns.hpp"

namespace gat::runs {

std::string nminus1_dc_highlights(const RunRecord& r) {
  std::string out;
  const auto& params = r.study.params;
  const bool all = params.at("all_violations").get<bool>();
  if (auto t = read_result_table(r, "contingencies")) {
    t = t->CombineChunks().ValueOrDie();
    std::map<std::string, std::int64_t> by_status;
    std::int64_t with_violations = 0;
    const auto& status = column<arrow::StringArray>(*t, "status");
    const auto& n = column<arrow::Int64Array>(*t, "n_violations");
    for (std::int64_t i = 0; i < t->num_rows(); ++i) {
      ++by_status[std::string(status.GetView(i))];
      with_violations += n.Value(i) > 0;
    }
    std::string text;
    for (const auto& [name, count] : by_status)
      text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + name;
    append(out, "  contingencies  %lld: %s; %lld with violations%s\n",
           static_cast<long long>(t->num_rows()), text.c_str(),
           static_cast<long long>(with_violations), all ? "" : " (new or worse)");
  }
  const auto base = read_result_table(r, "base_violations");
  append(out,
         "  pre-contingency  %lld branch-hours above the limit before any outage "
         "(table base_violations)\n",
         static_cast<long long>(base ? base->num_rows() : 0));
  auto v = read_result_table(r, "violations");
  const auto n_violations = static_cast<long long>(v ? v->num_rows() : 0);
  if (all) {
    append(out, "  violations     %lld post-contingency (every one: --all-violations)\n",
           n_violations);
  } else {
    append(out,
           "  violations     %lld post-contingency, new or worse by more than %g %% of the "
           "pre-contingency loading\n",
           n_violations, params.at("min_increase_pct").get<double>());
  }
  if (!v || v->num_rows() == 0) return out;
  v = top_rows(v, "loading_pct", 10)->CombineChunks().ValueOrDie();
  append(out, "  worst %lld (all: gat runs show %s --table violations --top N)\n",
         static_cast<long long>(v->num_rows()), r.run_id.c_str());
  append(out, "    %-14s %8s %7s %7s %6s %9s %9s %8s %8s\n", "outage", "branch", "from", "to",
         "hour", "pre MW", "post MW", "rate", "loading");
  const auto& outage = column<arrow::StringArray>(*v, "outage");
  const auto& branch = column<arrow::Int64Array>(*v, "branch_id");
  const auto& from = column<arrow::Int64Array>(*v, "from_bus");
  const auto& to = column<arrow::Int64Array>(*v, "to_bus");
  const auto& pre = column<arrow::DoubleArray>(*v, "pre_mw");
  const auto& post = column<arrow::DoubleArray>(*v, "post_mw");
  const auto& rate = column<arrow::DoubleArray>(*v, "rate_mva");
  const auto& loading = column<arrow::DoubleArray>(*v, "loading_pct");
  for (std::int64_t i = 0; i < v->num_rows(); ++i) {
    append(out, "    %-14s %8lld %7lld %7lld %6lld %9.1f %9.1f %8.1f %7.1f%%\n",
           std::string(outage.GetView(i)).c_str(), static_cast<long long>(branch.Value(i)),
           static_cast<long long>(from.Value(i)), static_cast<long long>(to.Value(i)),
           static_cast<long long>(int_at(*v, "hour", i)), pre.Value(i), post.Value(i),
           rate.Value(i), loading.Value(i));
  }
  return out;
}

namespace {

// Rows by the value of a string column.
std::map<std::string, std::int64_t> count_by(const std::shared_ptr<arrow::Table>& t,
                                             const std::string& name) {
  std::map<std::string, std::int64_t> n;
  if (!t) return n;
  const auto c = t->CombineChunks().ValueOrDie();
  const auto& values = column<arrow::StringArray>(*c, name);
  for (std::int64_t i = 0; i < c->num_rows(); ++i) ++n[std::string(values.GetView(i))];
  return n;
}

// "converged 10, islanding 2"
std::string listed(const std::map<std::string, std::int64_t>& n) {
  std::string text;
  for (const auto& [name, count] : n)
    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
  return text;
}

}  // namespace

std::string nminus1_ac_highlights(const RunRecord& r) {
  std::string out;
  const auto& params = r.study.params;
  const auto base = count_by(read_result_table(r, "ac_base_cases"), "status");
  std::int64_t hours = 0;
  for (const auto& [status, n] : base) hours += n;
  append(out, "  hours          %lld, base case converged in %lld\n", static_cast<long long>(hours),
         static_cast<long long>(base.count("converged") ? base.at("converged") : 0));
  auto cases = read_result_table(r, "ac_cases");
  const auto n_cases = static_cast<long long>(cases ? cases->num_rows() : 0);
  if (params.at("all").get<bool>()) {
    append(out, "  cases          %lld (every contingency in every hour: --all)\n", n_cases);
  } else {
    const auto screen = count_by(read_result_table(r, "contingencies"), "status");
    const auto screened = screen.count("screened") ? screen.at("screened") : 0;
    append(out,
           "  cases          %lld (contingency, hour) pairs flagged by the DC screen of %lld\n",
           n_cases, static_cast<long long>(screened * hours));
  }
  const auto solves = listed(count_by(cases, "status"));
  append(out, "  AC solves      %s\n", solves.empty() ? "none" : solves.c_str());
  const auto threshold = params.at("threshold_pct").get<double>();
  const auto rating = params.at("rating").get<std::string>();
  const auto kinds = [&](const char* what, const std::shared_ptr<arrow::Table>& t,
                         const char* which) {
    auto n = count_by(t, "kind");
    append(out,
           "  %-14s %lld %s: branch flow above %g %% of rate %s %lld, voltage high %lld, low "
           "%lld\n",
           what, static_cast<long long>(t ? t->num_rows() : 0), which, threshold, rating.c_str(),
           static_cast<long long>(n["branch_flow"]), static_cast<long long>(n["voltage_high"]),
           static_cast<long long>(n["voltage_low"]));
  };
  kinds("pre-contingency", read_result_table(r, "ac_base_violations"),
        "in the base cases (table ac_base_violations)");
  auto v = read_result_table(r, "ac_violations");
  kinds("violations", v,
        params.at("all_violations").get<bool>()
            ? "post-contingency (every one: --all-violations)"
            : "post-contingency, new or worse than before the outage");
  if (!v) return out;
  // The worst branch flows (voltage rows have no loading).
  v = v->CombineChunks().ValueOrDie();
  const auto& kind = column<arrow::StringArray>(*v, "kind");
  const auto& loading = column<arrow::DoubleArray>(*v, "loading_pct");
  std::vector<std::int64_t> rows;
  for (std::int64_t i = 0; i < v->num_rows(); ++i)
    if (kind.GetView(i) == "branch_flow") rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
    return loading.Value(a) > loading.Value(b);
  });
  rows.resize(std::min<std::size_t>(rows.size(), 10));
  if (rows.empty()) return out;
  v = take_rows(v, rows)->CombineChunks().ValueOrDie();
  append(out, "  worst %zu branch flows (all: gat runs show %s --table ac_violations --top N)\n",
         rows.size(), r.run_id.c_str());
  append(out, "    %-14s %8s %7s %7s %6s %9s %9s %8s %8s\n", "outage", "branch", "from", "to",
         "hour", "base MVA", "post MVA", "rate", "loading");
  const auto& outage = column<arrow::StringArray>(*v, "outage");
  const auto& base_s = column<arrow::DoubleArray>(*v, "base_s_mva");
  const auto& s = column<arrow::DoubleArray>(*v, "s_mva");
  const auto& rate = column<arrow::DoubleArray>(*v, "rate_mva");
  const auto& top = column<arrow::DoubleArray>(*v, "loading_pct");
  for (std::int64_t i = 0; i < v->num_rows(); ++i) {
    append(out, "    %-14s %8lld %7lld %7lld %6lld %9.1f %9.1f %8.1f %7.1f%%\n",
           std::string(outage.GetView(i)).c_str(),
           static_cast<long long>(int_at(*v, "branch_id", i)),
           static_cast<long long>(int_at(*v, "from_bus", i)),
           static_cast<long long>(int_at(*v, "to_bus", i)),
           static_cast<long long>(int_at(*v, "hour", i)), base_s.Value(i), s.Value(i),
           rate.Value(i), top.Value(i));
  }
  return out;
}

std::string nminus1_ac_incomplete(const RunRecord& r) {
  const auto base = count_by(read_result_table(r, "ac_base_cases"), "status");
  std::int64_t hours = 0;
  for (const auto& [status, n] : base) hours += n;
  const auto failed = hours - (base.count("converged") ? base.at("converged") : 0);
  if (failed == 0) return {};
  return "the AC base case did not converge in " + std::to_string(failed) + " of " +
         std::to_string(hours) + " hours (" + listed(base) + ": table ac_base_cases)";
}

std::string batch_mismatch_highlights(const RunRecord& r) {
  std::string out;
  auto t = read_result_table(r, "mismatch");
  if (!t) return out;
  t = t->CombineChunks().ValueOrDie();
  const auto& needs = column<arrow::BooleanArray>(*t, "needs_solve");
  std::int64_t n_needs = 0;
  for (std::int64_t i = 0; i < t->num_rows(); ++i) n_needs += needs.Value(i);
  const auto& params = r.study.params;
  append(out, "  state          %s voltages; %lld hours of %s\n",
         params.at("state").get<std::string>().c_str(), static_cast<long long>(t->num_rows()),
         r.study.input("profile").path.c_str());
  append(out,
         "  screen         %lld hours above %.3g MVA need a power flow, %lld are solved by the "
         "state\n",
         static_cast<long long>(n_needs), params.at("tol_mva").get<double>(),
         static_cast<long long>(t->num_rows() - n_needs));
  return out;
}

std::string batch_pf_highlights(const RunRecord& r) {
  std::string out;
  auto t = read_result_table(r, "hour_status");
  if (!t || t->num_rows() == 0) return out;
  t = t->CombineChunks().ValueOrDie();
  const auto& converged = column<arrow::BooleanArray>(*t, "converged");
  const auto& iterations = column<arrow::Int32Array>(*t, "iterations");
  const auto& losses = column<arrow::DoubleArray>(*t, "losses_mw");
  const auto& vmin = column<arrow::DoubleArray>(*t, "min_vm_pu");
  std::int64_t ok = 0, low_row = -1, max_it = 0;
  double sum_it = 0, loss_lo = INFINITY, loss_hi = -INFINITY;
  for (std::int64_t i = 0; i < t->num_rows(); ++i) {
    sum_it += iterations.Value(i);
    max_it = std::max<std::int64_t>(max_it, iterations.Value(i));
    if (!converged.Value(i)) continue;
    ++ok;
    loss_lo = std::min(loss_lo, losses.Value(i));
    loss_hi = std::max(loss_hi, losses.Value(i));
    if (low_row < 0 || vmin.Value(i) < vmin.Value(low_row)) low_row = i;
  }
  const auto n = t->num_rows();
  append(out, "  hours          %lld, %lld converged%s\n", static_cast<long long>(n),
         static_cast<long long>(ok), ok < n ? " (see the status column of hour_status)" : "");
  append(out, "  iterations     %.2f per hour on average, %lld at most\n",
         sum_it / static_cast<double>(n), static_cast<long long>(max_it));
  if (ok == 0) return out;
  append(out, "  losses         %.1f .. %.1f MW\n", loss_lo, loss_hi);
  append(out, "  voltages       lowest %.4f p.u. (hour %lld)\n", vmin.Value(low_row),
         static_cast<long long>(int_at(*t, "hour", low_row)));
  return out;
}

namespace {

// "HiGHS 1.16.0" or "Ipopt 3.11.9": the back end that solved.
std::string solver_label(std::string_view backend) {
  if (backend == "ipopt") return "Ipopt " + opf::nlp_solver_version("ipopt");
  return "HiGHS " + opf::lp_solver_version("highs");
}

std::int64_t rows(const std::shared_ptr<arrow::Table>& t) {
  return t ? t->num_rows() : 0;
}

std::shared_ptr<arrow::Table> read_combined(const RunRecord& r, const std::string& name) {
  auto t = read_result_table(r, name);
  return t ? t->CombineChunks().ValueOrDie() : nullptr;
}

// "case118 (118 buses, 186 branches, 54 generators)", from the tables' rows per hour.
void append_case(std::string& out, const RunRecord& r, std::int64_t hours) {
  const auto per_hour = [&](const char* table) {
    return static_cast<long long>(rows(read_result_table(r, table)) /
                                  std::max<std::int64_t>(1, hours));
  };
  append(out, "  case         %s (%lld buses, %lld branches, %lld generators)\n",
         std::filesystem::path(r.study.input("case").path).stem().string().c_str(), per_hour("bus"),
         per_hour("branch"), per_hour("gen"));
}

// The lowest and highest bus price, with their buses (the first hour's, for a rolling run).
void append_prices(std::string& out, const RunRecord& r, const char* column_name,
                   const char* label) {
  const auto bus = read_combined(r, "bus");
  if (!bus) return;
  const auto& price = column<arrow::DoubleArray>(*bus, column_name);
  std::int64_t lo = -1, hi = -1;
  for (std::int64_t i = 0; i < bus->num_rows(); ++i) {
    if (price.IsNull(i) || std::isnan(price.Value(i))) continue;
    if (lo < 0 || price.Value(i) < price.Value(lo)) lo = i;
    if (hi < 0 || price.Value(i) > price.Value(hi)) hi = i;
  }
  if (lo < 0) return;
  append(out, "  %-12s %.4f $/MWh at bus %lld .. %.4f $/MWh at bus %lld\n", label, price.Value(lo),
         static_cast<long long>(int_at(*bus, "bus_id", lo)), price.Value(hi),
         static_cast<long long>(int_at(*bus, "bus_id", hi)));
}

// The binding constraints, the 8 with the largest shadow prices named.
void append_binding(std::string& out, const RunRecord& r) {
  const auto b = read_combined(r, "binding");
  const auto n = rows(b);
  std::int64_t flows = 0;
  for (std::int64_t i = 0; i < n; ++i)
    flows += column<arrow::StringArray>(*b, "kind").GetView(i) == "branch_flow";
  append(out, "  binding      %lld constraints (%lld branch flow limits)\n",
         static_cast<long long>(n), static_cast<long long>(flows));
  if (n == 0) return;
  const auto gen = read_combined(r, "gen");
  const auto& kind = column<arrow::StringArray>(*b, "kind");
  const auto& side = column<arrow::StringArray>(*b, "side");
  for (std::int64_t i = 0; i < std::min<std::int64_t>(8, n); ++i) {
    const std::string k(kind.GetView(i)), s(side.GetView(i));
    const auto element = static_cast<long long>(int_at(*b, "element_id", i));
    char what[160];
    if (k == "branch_flow" || k == "branch_angle") {
      const auto name = "branch " + std::to_string(element) + " (" +
                        std::to_string(int_at(*b, "from_bus", i)) + "-" +
                        std::to_string(int_at(*b, "to_bus", i)) + ")";
      std::snprintf(what, sizeof what, "%-28s %s %s", name.c_str(),
                    k == "branch_flow" ? "flow " : "angle",
                    k == "branch_flow" ? (s == "from" ? "from->to" : "to->from") : s.c_str());
    } else if (k == "gen_p" || k == "gen_q") {
      // The generator's bus: the gen table's rows are the case's generators in order.
      const auto bus = gen && element >= 1 && element <= gen->num_rows()
                           ? static_cast<long long>(int_at(*gen, "bus_id", element - 1))
                           : -1LL;
      std::snprintf(what, sizeof what, "generator %-4lld (bus %lld)       %s %s", element, bus,
                    k == "gen_p" ? "P" : "Q", s.c_str());
    } else {
      std::snprintf(what, sizeof what, "bus %-24lld V %s", element, s.c_str());
    }
    append(out, "    %-44s %10.3f at %10.3f   shadow price %s\n", what,
           column<arrow::DoubleArray>(*b, "value").Value(i),
           column<arrow::DoubleArray>(*b, "limit").Value(i),
           thousands(column<arrow::DoubleArray>(*b, "shadow_price").Value(i), 3).c_str());
  }
}

bool rolling(const RunRecord& r) {
  return std::any_of(r.study.inputs.begin(), r.study.inputs.end(),
                     [](const exec::InputFile& in) { return in.name == "profile"; });
}

// --ac-recheck: how many hours broke an AC limit, and what their AC-OPF found.
std::string ac_check_highlights(const RunRecord& r) {
  std::string out;
  if (std::none_of(r.tables.begin(), r.tables.end(),
                   [](const TableInfo& t) { return t.name == "ac_check"; }))
    return out;
  const auto t = read_combined(r, "ac_check");
  const auto n = rows(t);
  std::int64_t diverged = 0, violated = 0, optimal = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    diverged += !column<arrow::BooleanArray>(*t, "pf_converged").Value(i);
    violated += column<arrow::BooleanArray>(*t, "ac_opf").Value(i);
    optimal += column<arrow::StringArray>(*t, "ac_opf_status").GetView(i) == "optimal";
  }
  append(
      out,
      "  AC check     %lld optimal hours in an AC power flow of their dispatch: %lld break an AC "
      "limit (%lld did not converge); their AC-OPF: %lld optimal (table ac_check)\n",
      static_cast<long long>(n), static_cast<long long>(violated), static_cast<long long>(diverged),
      static_cast<long long>(optimal));
  return out;
}

std::string rolling_highlights(const RunRecord& r) {
  std::string out;
  const auto t = read_combined(r, "hour");
  const auto n = rows(t);
  append_case(out, r, n);
  if (n == 0) return out;
  const auto& status = column<arrow::StringArray>(*t, "status");
  const auto& message = column<arrow::StringArray>(*t, "message");
  const auto& solver = column<arrow::StringArray>(*t, "solver");
  const auto& objective = column<arrow::DoubleArray>(*t, "objective_usd_per_h");
  const auto& hot = column<arrow::BooleanArray>(*t, "hot_started");
  std::int64_t solved = 0, hot_started = 0, iterations = 0;
  double cost = 0;
  std::map<std::string, std::int64_t> by_solver;  // optimal hours per back end
  std::string failed;
  for (std::int64_t i = 0; i < n; ++i) {
    if (status.GetView(i) != "optimal") {
      append(failed, "    hour %lld: %s %s\n", static_cast<long long>(int_at(*t, "hour", i)),
             std::string(status.GetView(i)).c_str(), std::string(message.GetView(i)).c_str());
      continue;
    }
    ++solved;
    ++by_solver[std::string(solver.GetView(i))];
    hot_started += hot.Value(i);
    iterations += int_at(*t, "iterations", i);
    cost += objective.Value(i);
  }
  append(out, "  hours        %lld, %lld optimal, %lld hot-started from a basis\n",
         static_cast<long long>(n), static_cast<long long>(solved),
         static_cast<long long>(hot_started));
  append(out, "  cost         %s $ over the optimal hours\n", thousands(cost, 2).c_str());
  std::string solvers;
  for (const auto& [name, count] : by_solver)
    solvers += (solvers.empty() ? "" : ", ") + solver_label(name) + ": " + std::to_string(count) +
               (count == 1 ? " hour" : " hours");
  append(out, "  iterations   %.1f per hour (%s)\n",
         solved ? static_cast<double>(iterations) / static_cast<double>(solved) : 0.0,
         solvers.empty() ? solver_label("highs").c_str() : solvers.c_str());
  return out + failed + ac_check_highlights(r);
}

}  // namespace

std::string opf_highlights(const RunRecord& r) {
  if (rolling(r)) return rolling_highlights(r);
  std::string out;
  append_case(out, r, 1);
  const auto s = read_combined(r, "summary");
  if (!s || s->num_rows() == 0) return out;
  const std::string status(column<arrow::StringArray>(*s, "status").GetView(0));
  const std::string message(column<arrow::StringArray>(*s, "message").GetView(0));
  const bool optimal = status == "optimal";
  const bool say = !message.empty() && !optimal;
  append(out, "  status       %s (%s, %lld iterations)%s%s\n", status.c_str(),
         solver_label(column<arrow::StringArray>(*s, "solver").GetView(0)).c_str(),
         static_cast<long long>(int_at(*s, "iterations", 0)), say ? ": " : "",
         say ? message.c_str() : "");
  const std::string notes(column<arrow::StringArray>(*s, "notes").GetView(0));
  for (std::size_t start = 0; start < notes.size();) {
    const auto end = std::min(notes.find("; ", start), notes.size());
    append(out, "  note         %s\n", notes.substr(start, end - start).c_str());
    start = end + 2;
  }
  if (!optimal) return out;
  append(out, "  objective    %s $/h\n",
         thousands(column<arrow::DoubleArray>(*s, "objective_usd_per_h").Value(0), 2).c_str());
  const bool ac = r.study.command == "opf ac";
  append_prices(out, r, ac ? "lam_p_usd_per_mwh" : "lmp_usd_per_mwh", ac ? "LMP (P)" : "LMP");
  append_binding(out, r);
  return out;
}

std::string opf_incomplete(const RunRecord& r) {
  if (rolling(r)) {
    const auto t = read_combined(r, "hour");
    const auto& status = column<arrow::StringArray>(*t, "status");
    for (std::int64_t i = 0; i < rows(t); ++i) {
      if (status.GetView(i) != "optimal") return "not every hour's DC-OPF is optimal";
    }
    return "";
  }
  const auto s = read_combined(r, "summary");
  const std::string status(column<arrow::StringArray>(*s, "status").GetView(0));
  if (status == "optimal") return "";
  return (r.study.command == "opf ac" ? "AC-OPF " : "DC-OPF ") + status + ": " +
         std::string(column<arrow::StringArray>(*s, "message").GetView(0));
}

}  // namespace gat::runs
