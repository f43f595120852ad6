// The DC contingency screen as a study (gat nminus1 dc), and what gat nminus1 ac shares with
// it: the inputs, the screen's options, the screen of one chunk and its tables.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gat/accel/device.hpp"
#include "gat/contingency/dc_screen.hpp"
#include "gat/core/scenario.hpp"
#include "gat/core/topology.hpp"
#include "gat/runs/study.hpp"
#include "gat/sens/dc_model.hpp"

namespace gat::runs {

// The inputs of both N-1 studies: the case, an optional contingency list and load profile.
std::vector<InputSpec> nminus1_inputs();
// The options of the DC screen (both N-1 studies run it): top, rating, threshold_pct, prune,
// min_increase_pct, all_violations, gpu, gpu_precision.
std::vector<Option> nminus1_screen_options();

// The chunk's tables number its contingencies from 0; the study's, from `first`.
void renumber_contingencies(std::vector<io::NamedTable>& tables, std::int64_t first);

class Nminus1DcStudy : public Study {
 public:
  // screen = false: the inputs only (nminus1 ac --all screens nothing).
  explicit Nminus1DcStudy(const exec::StudySpec& spec, bool screen = true);

  std::vector<exec::Axis> axes() const override {
    return {{"hour", static_cast<std::int64_t>(hours_.size())},
            {"contingency", static_cast<std::int64_t>(outages_.size())}};
  }
  std::vector<TableInfo> tables() const override {
    return {{"violations", "loading_pct", false},
            {"base_violations", "loading_pct", false},
            {"contingencies", "worst_loading_pct", true},
            {"top", "loading_pct", true}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override {
    return screen_tables(chunk, screen(chunk));
  }
  void prepare() const override;
  std::vector<io::NamedTable> reduce(const PartialReader& partial) const override;

  // The screen of the chunk's contingencies in its hours, both numbered from 0.
  contingency::DcScreenResult screen(const exec::ChunkSpec& chunk) const;
  // Its tables: contingencies numbered in the whole list; base_violations written by the
  // chunks of the first contingency block only.
  std::vector<io::NamedTable> screen_tables(const exec::ChunkSpec& chunk,
                                            const contingency::DcScreenResult& r) const;

  const core::Network& net() const { return net_; }
  const core::Topology& topo() const { return topo_; }
  const std::vector<contingency::Outage>& outages() const { return outages_; }
  const core::Scenario& profile() const { return profile_; }
  const std::vector<std::int64_t>& hours() const { return hours_; }  // labels
  const std::vector<exec::Range>& hour_blocks() const { return hour_blocks_; }
  const std::string& run_id() const { return run_id_; }

 private:
  io::NamedTable reduce_contingencies(const std::shared_ptr<arrow::Table>& t) const;
  io::NamedTable reduce_top(const std::shared_ptr<arrow::Table>& t) const;

  core::Network net_;
  core::Topology topo_;
  std::vector<contingency::Outage> outages_;
  core::Scenario profile_;  // the case as one hour without a profile
  std::vector<std::int64_t> hours_;
  std::vector<exec::Range> hour_blocks_;  // as the plan cuts them
  contingency::DcScreenOptions options_;
  std::optional<sens::DcModel> model_;  // CPU screen
  // --gpu: bus injections, n_buses per hour, hour after hour, computed by the first chunk.
  const std::vector<double>& injections() const;
  mutable std::once_flag injections_once_;
  mutable std::vector<double> p_bus_;
  // What the chunks' screens share: every hour's base flows (prepare(), when they fit), else
  // those of the hour blocks chunks asked for last (hour begin -> base).
  struct Base {
    std::shared_ptr<const contingency::DcScreenBase> base;
    std::size_t first_hour;  // the chunk's first hour in base
  };
  Base screen_base(const exec::Range& hours) const;
  std::shared_ptr<const contingency::DcScreenBase> make_base(std::size_t first,
                                                             std::size_t n) const;
  mutable std::shared_ptr<const contingency::DcScreenBase> all_hours_;
  struct Block {
    std::once_flag once;
    std::shared_ptr<const contingency::DcScreenBase> base;
  };
  mutable std::mutex blocks_mutex_;
  mutable std::map<std::int64_t, std::shared_ptr<Block>> blocks_;
  // --gpu: opened by the first chunk that runs (a fork-server child must not inherit a CUDA
  // context), then the chunks of this process take turns on it.
  bool gpu_ = false;
  mutable std::unique_ptr<accel::Device> device_;
  mutable std::mutex device_mutex_;
  std::string run_id_;
};

}  // namespace gat::runs
