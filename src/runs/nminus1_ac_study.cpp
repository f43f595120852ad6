// gat nminus1 ac: the DC screen → AC verification chain, as one study.
//
// Axes: hour × contingency, as nminus1 dc. A chunk screens its contingencies in its hours
// (Nminus1DcStudy::screen: a pair is flagged or not whatever the chunking) and re-solves the
// pairs it flags with AC Newton (contingency::verify_ac), warm-started from the hour's AC base
// case; with `all`, every pair of the chunk, and no screen. The base cases of an hour block are
// solved once per process (prepare(), every block in parallel; else by the first chunk of the
// block), in order on one thread; a chunk verifies its pairs on one thread (the executor runs
// chunks side by side). A Newton solver keeps the pivots of its first factorization, so this
// is what makes a chunk's bits the same whichever process runs it. A process keeps the base
// cases of the blocks it met (an AC solution per hour: 8760 hours of case2383wp, 1.5 GB).
// Tables
// (docs/schemas/nminus1.md): those of nminus1 dc (not with `all`), and
//   ac_cases, ac_violations            per chunk
//   ac_base_cases, ac_base_violations  per hour block: written by the chunks of its first
//                                      contingencies
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "gat/contingency/ac_verify.hpp"
#include "gat/core/error.hpp"
#include "gat/results/nminus1_tables.hpp"
#include "nminus1_dc_study.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

contingency::AcVerifyOptions verify_options(const nlohmann::json& p) {
  contingency::AcVerifyOptions o;
  o.rating = contingency::parse_rating(p.at("rating").get<std::string>());
  o.threshold = p.at("threshold_pct").get<double>() / 100.0;
  o.report.min_increase_pct = p.at("min_increase_pct").get<double>();
  o.report.all = p.at("all_violations").get<bool>();
  o.pf.tol_pu = p.at("tol_pu").get<double>();
  o.pf.max_iter = p.at("max_iter").get<int>();
  o.pf.q_limits = p.at("q_limits").get<bool>() ? 1 : 0;
  o.threads = 1;
  return o;
}

class Nminus1AcStudy final : public Study {
 public:
  explicit Nminus1AcStudy(const exec::StudySpec& spec)
      : all_(spec.params.at("all").get<bool>()),
        dc_(spec, /*screen=*/!all_),
        options_(verify_options(spec.params)),
        bases_(dc_.hour_blocks().size()) {
    for (auto& b : bases_) b = std::make_unique<Base>();
  }

  std::vector<exec::Axis> axes() const override { return dc_.axes(); }
  // ac_violations first: what -o - prints unless --table says otherwise.
  std::vector<TableInfo> tables() const override {
    std::vector<TableInfo> t = {{"ac_violations", "loading_pct"},
                                {"ac_cases", "worst_loading_pct"},
                                {"ac_base_cases", "max_mismatch_pu"},
                                {"ac_base_violations", "loading_pct"}};
    if (!all_) {
      for (auto& dc : dc_.tables()) t.push_back(std::move(dc));
    }
    return t;
  }
  void prepare() const override {
    dc_.prepare();
    tbb::parallel_for(std::size_t{0}, bases_.size(), [&](std::size_t b) { base_cases(b); });
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;
  std::vector<io::NamedTable> reduce(const PartialReader& partial) const override {
    return all_ ? std::vector<io::NamedTable>{} : dc_.reduce(partial);
  }

 private:
  const contingency::AcBaseCases& base_cases(std::size_t block) const {
    auto& b = *bases_[block];
    std::call_once(b.once, [&] {
      const auto& h = dc_.hour_blocks()[block];
      b.cases = contingency::solve_base_cases(dc_.net(), dc_.topo(), dc_.profile(),
                                              static_cast<std::size_t>(h.begin),
                                              static_cast<std::size_t>(h.size()), options_);
    });
    return b.cases;
  }

  bool all_;
  Nminus1DcStudy dc_;
  contingency::AcVerifyOptions options_;
  struct Base {
    std::once_flag once;
    contingency::AcBaseCases cases;
  };
  std::vector<std::unique_ptr<Base>> bases_;  // per hour block
};

std::vector<io::NamedTable> Nminus1AcStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* h = chunk.range("hour");
  const auto* c = chunk.range("contingency");
  std::vector<io::NamedTable> tables;
  std::vector<contingency::AcCase> cases;
  if (all_) {
    cases = contingency::all_cases(static_cast<std::size_t>(c->size()),
                                   static_cast<std::size_t>(h->size()));
  } else {
    const auto screen = dc_.screen(chunk);
    cases = contingency::flagged_cases(screen);
    tables = dc_.screen_tables(chunk, screen);
  }
  const auto& blocks = dc_.hour_blocks();
  const auto block = static_cast<std::size_t>(
      std::find_if(blocks.begin(), blocks.end(),
                   [&](const exec::Range& r) { return r.begin == h->begin; }) -
      blocks.begin());
  if (block == blocks.size()) throw Error("nminus1 ac: a chunk's hours are not a block");
  const auto& base = base_cases(block);
  const std::span<const contingency::Outage> outages(dc_.outages().data() + c->begin,
                                                     static_cast<std::size_t>(c->size()));
  const std::span<const std::int64_t> hours(dc_.hours().data() + h->begin,
                                            static_cast<std::size_t>(h->size()));
  const auto r =
      contingency::verify_ac_from_base(dc_.net(), dc_.topo(), outages, base, cases, options_);
  auto ac = results::ac_verify_tables(dc_.net(), outages, r, hours, dc_.run_id());
  renumber_contingencies(ac, c->begin);
  for (auto& t : results::ac_base_tables(dc_.net(), base, hours, dc_.run_id())) {
    // Every chunk of an hour block has its base cases; one writes them.
    if (c->begin != 0) t.table = t.table->Slice(0, 0);
    ac.push_back(std::move(t));
  }
  for (auto& t : ac) tables.push_back(std::move(t));
  return tables;
}

std::vector<Option> ac_options() {
  auto options = nminus1_screen_options();
  // What only the screen uses is refused with --all, which screens nothing.
  for (auto& o : options) {
    if (o.key == "top" || o.key == "prune" || o.key == "gpu") o.only_with = "all=false";
  }
  options.push_back({.key = "all",
                     .flag = "--all",
                     .type = OptionType::kBool,
                     .default_value = false,
                     .help = "Verify every contingency in every hour, not only those the DC "
                             "screen flags"});
  options.push_back({.key = "q_limits",
                     .flag = "--q-limits",
                     .type = OptionType::kBool,
                     .default_value = false,
                     .help = "Enforce generator reactive power limits"});
  options.push_back({.key = "tol_pu",
                     .flag = "--tol",
                     .type = OptionType::kNumber,
                     .default_value = 1e-8,
                     .unit = "p.u.",
                     .help = "Newton mismatch tolerance, as MATPOWER's",
                     .min = 0,
                     .min_exclusive = true});
  options.push_back({.key = "max_iter",
                     .flag = "--max-iter",
                     .type = OptionType::kInt,
                     .default_value = 0,
                     .help = "Newton iterations (0: 10, as MATPOWER)",
                     .min = 0});
  return options;
}

}  // namespace

StudyType nminus1_ac_study() {
  return {
      .command = "nminus1 ac",
      .summary = "AC verification: the DC screen's flagged contingencies re-solved with AC Newton",
      .inputs = nminus1_inputs(),
      .options = ac_options(),
      .axes = {fixed_axis("hour", "--chunk-hours",
                          "Hours per chunk (24): their AC base cases are solved in order", 24),
               fixed_axis("contingency", "--chunk-contingencies",
                          "Contingencies per chunk (256): screened, then verified on one thread",
                          256)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<Nminus1AcStudy>(spec);
      },
      .highlights = nminus1_ac_highlights,
      .incomplete = nminus1_ac_incomplete,
      .examples = R"(Examples:
  gat nminus1 ac case118 -o out/              AC re-solve of the contingencies the DC screen flags
  gat nminus1 ac case118 --profile hours.csv -o out/
                                              ... in every hour of a load profile
  gat nminus1 ac case300 --all --q-limits -o out/
                                              every contingency, generator Q limits enforced)",
  };
}

}  // namespace gat::runs
