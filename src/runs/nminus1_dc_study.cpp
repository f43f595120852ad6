// gat nminus1 dc: DC contingency screening over hours (contingency::screen_dc), as a study.
//
// Axes: hour × contingency. A chunk screens its contingencies in its hours. B' is factored
// once per process; the base flows of every hour (the screen's DcScreenBase) once in
// prepare() (the local executor's process, or the fork server's before it forks) when they
// fit in a quarter of the memory; else those of an hour block once per process for the
// chunks of that block. Inputs: case, optional profile and
// contingency list. Parameters: rating, threshold_pct, top, prune, min_increase_pct and
// all_violations (which post-contingency violations are reported: ViolationFilter);
// gpu_precision (auto, f32 or f64) screens on the CUDA device, one chunk at a time. Tables
// (docs/schemas/nminus1.md):
//   violations      per chunk, exact
//   base_violations per hour block, exact: written by the chunks of its first contingencies
//   contingencies   partial: each chunk summarizes its contingencies over its hours; reduce()
//                   adds up violations and keeps the worst over every hour block
//   top             partial: each chunk ranks its contingencies; reduce() keeps the `top` worst
//                   over every contingency block, per monitored branch and hour
#include "nminus1_dc_study.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <oneapi/tbb/parallel_invoke.h>
#include <oneapi/tbb/task_arena.h>
#include <unistd.h>

#include "gat/core/error.hpp"
#include "gat/exec/planner.hpp"
#include "gat/io/arrow/contingencies.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/results/nminus1_tables.hpp"
#include "gat/runs/result_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// Columns of a table read back, by name and type (chunks combined).
class Columns {
 public:
  explicit Columns(const std::shared_ptr<arrow::Table>& t) : t_(t->CombineChunks().ValueOrDie()) {}
  std::int64_t rows() const { return t_->num_rows(); }
  const std::shared_ptr<arrow::Table>& table() const { return t_; }
  template <typename ArrayType>
  const ArrayType& get(const std::string& name) const {
    const auto column = t_->GetColumnByName(name);
    if (!column) throw Error("reduce: partial table lacks column '" + name + "'");
    return static_cast<const ArrayType&>(*column->chunk(0));
  }

 private:
  std::shared_ptr<arrow::Table> t_;
};

// Puts the values built into column `name` of t.
void replace_column(std::shared_ptr<arrow::Table>& t, const char* name,
                    arrow::ArrayBuilder& values) {
  const int i = t->schema()->GetFieldIndex(name);
  std::shared_ptr<arrow::Array> array;
  if (i < 0 || !values.Finish(&array).ok())
    throw Error("reduce: cannot set column " + std::string(name));
  t = t->SetColumn(i, t->field(i), std::make_shared<arrow::ChunkedArray>(array)).ValueOrDie();
}

}  // namespace

Nminus1DcStudy::Nminus1DcStudy(const exec::StudySpec& spec, bool screen)
    : net_(io::load_case(spec.input("case").path)),
      topo_(core::analyze_topology(net_)),
      profile_(core::Scenario::case_hour(net_)),
      run_id_(spec.run_id()) {
  const auto& p = spec.params;
  options_.rating = contingency::parse_rating(p.at("rating").get<std::string>());
  options_.threshold = p.at("threshold_pct").get<double>() / 100.0;
  options_.top_k = p.at("top").get<std::size_t>();
  options_.prune = p.at("prune").get<bool>();
  options_.report.min_increase_pct = p.at("min_increase_pct").get<double>();
  options_.report.all = p.at("all_violations").get<bool>();
  contingency::check(options_.report);
  if (p.at("gpu").get<bool>()) {
    gpu_ = true;
    options_.precision = accel::parse_precision(p.at("gpu_precision").get<std::string>());
  }
  // B' is factored (single-threaded; not for the GPU screen) while the other inputs are read.
  tbb::parallel_invoke(
      [&] {
        const auto* list = find_input(spec, "contingencies");
        outages_ =
            list ? io::read_contingencies(list->path, net_) : contingency::all_branch_outages(net_);
        if (const auto* f = find_input(spec, "profile"))
          profile_ = io::read_scenario(f->path, net_);
        for (std::size_t h = 0; h < profile_.n_hours(); ++h) hours_.push_back(profile_.hour_id(h));
        hour_blocks_ = exec::axis_blocks(spec, {"hour", static_cast<std::int64_t>(hours_.size())});
      },
      [&] {
        if (screen && !gpu_) model_.emplace(net_, topo_, options_.linear_solver);
      });
}

const std::vector<double>& Nminus1DcStudy::injections() const {
  std::call_once(injections_once_, [&] { p_bus_ = contingency::hourly_injections(profile_); });
  return p_bus_;
}

void Nminus1DcStudy::prepare() const {
  if (!model_) return;
  // Every hour's base flows, when they take at most a quarter of the memory
  // (case_ACTIVSg10k, 8760 h: 0.9 GB).
  const auto memory = static_cast<std::size_t>(::sysconf(_SC_PHYS_PAGES)) *
                      static_cast<std::size_t>(::sysconf(_SC_PAGE_SIZE));
  if (net_.n_branches() * hours_.size() * sizeof(double) <= memory / 4) {
    all_hours_ = make_base(0, hours_.size());
    // And the pruning bounds of each hour block, before a fork server's children would each
    // take them for themselves.
    for (const auto& h : hour_blocks_)
      all_hours_->extremes(static_cast<std::size_t>(h.begin), static_cast<std::size_t>(h.size()));
  }
}

std::shared_ptr<const contingency::DcScreenBase> Nminus1DcStudy::make_base(std::size_t first,
                                                                           std::size_t n) const {
  return std::make_shared<const contingency::DcScreenBase>(
      net_, *model_, n,
      [&](std::size_t f, std::size_t m, std::span<double> p) {
        contingency::hourly_injections(profile_, first + f, m, p);
      },
      options_.rating, options_.threshold);
}

Nminus1DcStudy::Base Nminus1DcStudy::screen_base(const exec::Range& h) const {
  if (all_hours_) return {all_hours_, static_cast<std::size_t>(h.begin)};
  std::shared_ptr<Block> block;
  {
    std::lock_guard<std::mutex> lock(blocks_mutex_);
    auto& b = blocks_[h.begin];
    if (!b) {
      b = std::make_shared<Block>();
      // Bounded: hour blocks come in order, so the oldest goes (its chunks keep theirs).
      if (blocks_.size() > 4)
        blocks_.erase(blocks_.begin()->first == h.begin ? std::next(blocks_.begin())
                                                        : blocks_.begin());
    }
    block = b;
  }
  // Each block's base built once; isolated: while it builds, this thread must not pick up
  // another chunk, which could wait for this very block.
  std::call_once(block->once, [&] {
    tbb::this_task_arena::isolate([&] {
      block->base =
          make_base(static_cast<std::size_t>(h.begin), static_cast<std::size_t>(h.size()));
    });
  });
  return {block->base, 0};
}

contingency::DcScreenResult Nminus1DcStudy::screen(const exec::ChunkSpec& chunk) const {
  const auto* h = chunk.range("hour");
  const auto* c = chunk.range("contingency");
  const auto nb = net_.n_buses();
  const std::span<const contingency::Outage> outages(outages_.data() + c->begin,
                                                     static_cast<std::size_t>(c->size()));
  const auto n_hours = static_cast<std::size_t>(h->size());
  if (gpu_) {
    auto options = options_;
    std::lock_guard<std::mutex> lock(device_mutex_);
    if (!device_) device_ = accel::open("cuda");
    options.device = device_.get();
    const std::span<const double> p(injections().data() + static_cast<std::size_t>(h->begin) * nb,
                                    n_hours * nb);
    return contingency::screen_dc(net_, topo_, outages, p, n_hours, options);
  }
  const auto base = screen_base(*h);
  return contingency::screen_dc(*base.base, base.first_hour, n_hours, outages, options_);
}

std::vector<io::NamedTable> Nminus1DcStudy::screen_tables(
    const exec::ChunkSpec& chunk, const contingency::DcScreenResult& r) const {
  const auto* h = chunk.range("hour");
  const auto* c = chunk.range("contingency");
  const std::span<const contingency::Outage> outages(outages_.data() + c->begin,
                                                     static_cast<std::size_t>(c->size()));
  const std::span<const std::int64_t> hours(hours_.data() + h->begin,
                                            static_cast<std::size_t>(h->size()));
  auto tables = results::dc_screen_tables(net_, outages, r, hours, run_id_);
  // Every chunk of an hour block found its pre-contingency violations; one writes them.
  if (c->begin != 0) {
    for (auto& t : tables)
      if (t.name == "base_violations") t.table = t.table->Slice(0, 0);
  }
  renumber_contingencies(tables, c->begin);
  return tables;
}

void renumber_contingencies(std::vector<io::NamedTable>& tables, std::int64_t first) {
  for (auto& t : tables) {
    const int i = t.table->schema()->GetFieldIndex("contingency");
    if (i < 0) continue;
    const auto& local = static_cast<const arrow::Int32Array&>(*t.table->column(i)->chunk(0));
    arrow::Int32Builder b;
    for (std::int64_t row = 0; row < local.length(); ++row) {
      (void)b.Append(local.Value(row) + static_cast<std::int32_t>(first));
    }
    t.table = t.table->CombineChunks().ValueOrDie();
    t.table = t.table
                  ->SetColumn(i, t.table->field(i),
                              std::make_shared<arrow::ChunkedArray>(b.Finish().ValueOrDie()))
                  .ValueOrDie();
  }
}

std::vector<io::NamedTable> Nminus1DcStudy::reduce(const PartialReader& partial) const {
  std::vector<io::NamedTable> out;
  if (auto t = partial("contingencies")) out.push_back(reduce_contingencies(t));
  if (auto t = partial("top")) out.push_back(reduce_top(t));
  return out;
}

io::NamedTable Nminus1DcStudy::reduce_contingencies(const std::shared_ptr<arrow::Table>& t) const {
  const Columns c(t);
  const auto& index = c.get<arrow::Int32Array>("contingency");
  const auto& n_viol = c.get<arrow::Int64Array>("n_violations");
  const auto& worst = c.get<arrow::DoubleArray>("worst_loading_pct");
  const auto& worst_branch = c.get<arrow::Int64Array>("worst_branch_id");
  const auto& worst_hour = c.get<arrow::Int64Array>("worst_hour");
  // Per contingency: its first share (every share describes it alike), its violations over
  // every hour block, and the share with the worst loading.
  const std::size_t n = outages_.size();
  std::vector<std::int64_t> first(n, -1), best(n, -1), count(n, 0);
  for (std::int64_t r = 0; r < c.rows(); ++r) {
    const auto k = static_cast<std::size_t>(index.Value(r));
    if (first[k] < 0) first[k] = r;
    count[k] += n_viol.Value(r);
    auto& b = best[k];
    if (!worst.IsNull(r) && (b < 0 || worst.Value(r) > worst.Value(b))) b = r;
  }
  std::vector<std::int64_t> rows;
  arrow::Int64Builder total, branch, hour;
  arrow::DoubleBuilder loading;
  for (std::size_t k = 0; k < n; ++k) {
    if (first[k] < 0) continue;
    rows.push_back(first[k]);
    (void)total.Append(count[k]);
    const auto b = best[k];
    if (b < 0) {
      (void)loading.AppendNull();
      (void)branch.AppendNull();
      (void)hour.AppendNull();
    } else {
      (void)loading.Append(worst.Value(b));
      (void)branch.Append(worst_branch.Value(b));
      (void)hour.Append(worst_hour.Value(b));
    }
  }
  // The first shares' rows, with the totals over every share in place of theirs.
  auto out = take_rows(c.table(), rows);
  replace_column(out, "n_violations", total);
  replace_column(out, "worst_loading_pct", loading);
  replace_column(out, "worst_branch_id", branch);
  replace_column(out, "worst_hour", hour);
  return {"contingencies", out};
}

io::NamedTable Nminus1DcStudy::reduce_top(const std::shared_ptr<arrow::Table>& t) const {
  const Columns c(t);
  const auto& hour = c.get<arrow::Int64Array>("hour");
  const auto& branch = c.get<arrow::Int64Array>("branch_id");
  const auto& contingency = c.get<arrow::Int32Array>("contingency");
  const auto& loading = c.get<arrow::DoubleArray>("loading_pct");
  // Per (hour, branch): its candidates, worst first (ties: lower contingency index first).
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::int64_t>> groups;
  for (std::int64_t r = 0; r < c.rows(); ++r) groups[{hour.Value(r), branch.Value(r)}].push_back(r);
  std::vector<std::int64_t> rows;
  std::vector<std::int32_t> rank;
  for (auto& [key, candidates] : groups) {
    std::stable_sort(candidates.begin(), candidates.end(), [&](std::int64_t a, std::int64_t b) {
      return std::make_tuple(-loading.Value(a), contingency.Value(a)) <
             std::make_tuple(-loading.Value(b), contingency.Value(b));
    });
    const auto keep = std::min(candidates.size(), options_.top_k);
    for (std::size_t i = 0; i < keep; ++i) {
      rows.push_back(candidates[i]);
      rank.push_back(static_cast<std::int32_t>(i + 1));
    }
  }
  // The chunks' rows (the columns top_table gave them), ranked over every chunk.
  auto out = take_rows(c.table(), rows);
  arrow::Int32Builder ranks;
  if (!ranks.AppendValues(rank).ok()) throw Error("reduce: cannot rank top");
  replace_column(out, "rank", ranks);
  return {"top", out};
}

std::vector<InputSpec> nminus1_inputs() {
  return {case_input(),
          {"contingencies", "--contingencies", false,
           "CSV/Parquet list: branch_id, or from_bus,to_bus[,ckt]; an optional "
           "contingency column groups rows into multi-element outages (default: every "
           "in-service branch)"},
          {"profile", "--profile", false,
           "CSV/Parquet load profile (docs/schemas/batch_pf.md; default: the case as one "
           "hour)"}};
}

std::vector<Option> nminus1_screen_options() {
  return {{.key = "top",
           .flag = "--top",
           .type = OptionType::kInt,
           .default_value = 5,
           .help = "Worst contingencies kept per monitored branch and hour",
           .min = 1},
          {.key = "rating",
           .flag = "--rating",
           .type = OptionType::kText,
           .default_value = "a",
           .help = "Branch rating to check",
           .choices = {"a", "b", "c"}},
          {.key = "threshold_pct",
           .flag = "--threshold",
           .type = OptionType::kNumber,
           .default_value = 100.0,
           .unit = "%",
           .help = "Keep post-contingency loadings above this share of the rating",
           .min = 0},
          {.key = "prune",
           .flag = "--no-prune",
           .type = OptionType::kBool,
           .default_value = true,
           .help = "Check every hour of every pair (no bound pruning)",
           .inverted = true},
          {.key = "min_increase_pct",
           .flag = "--min-increase-pct",
           .type = OptionType::kNumber,
           .default_value = 1.0,
           .unit = "%",
           .help = "A branch above its limit before the outage is reported after it only when "
                   "its loading grew by more than this share of the pre-contingency loading",
           .min = 0,
           .only_with = "all_violations=false"},
          {.key = "all_violations",
           .flag = "--all-violations",
           .type = OptionType::kBool,
           .default_value = false,
           .help = "Report every post-contingency violation, also those already there before "
                   "the outage and not worse"},
          {.key = "gpu",
           .flag = "--gpu",
           .type = OptionType::kBool,
           .default_value = false,
           .help = "Run the screen on a CUDA GPU (see gat doctor)"},
          {.key = "gpu_precision",
           .flag = "--gpu-precision",
           .type = OptionType::kText,
           .default_value = "auto",
           .help = "auto (f32 screen, f64 re-check: f64 results), f32 or f64",
           .choices = {"auto", "f32", "f64"},
           .only_with = "gpu=true"}};
}

StudyType nminus1_dc_study() {
  return {
      .command = "nminus1 dc",
      .summary = "DC contingency screening with outage distribution factors",
      .inputs = nminus1_inputs(),
      .options = nminus1_screen_options(),
      .axes = {fixed_axis("hour", "--chunk-hours", "Hours per chunk (default: all)", 0),
               // On a GPU, one chunk holds every contingency: the device wants large blocks.
               {"contingency", "--chunk-contingencies", "Contingencies per chunk (512; GPU: all)",
                [](const nlohmann::json& p) -> std::int64_t {
                  return p.at("gpu").get<bool>() ? (1 << 30) : 512;
                }}},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<Nminus1DcStudy>(spec);
      },
      .highlights = nminus1_dc_highlights,
      .examples = R"(Examples:
  gat nminus1 dc case_ACTIVSg10k -o out/      N-1 DC screening of every branch
  gat nminus1 dc case118 --profile hours.csv --contingencies n2.csv -o out/
                                              listed outages (N-2 too) in every hour
  gat nminus1 dc case13659pegase --gpu -o out/
                                              the same screen, fused on a CUDA GPU)",
  };
}

}  // namespace gat::runs
