// Profile files: one row per hour (system-wide `scale`, optional `gen_scale`), or rows per hour
// and bus (`bus_id` with `scale` or `p_mw` [+ `q_mvar`]); see docs/schemas/batch_pf.md.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename ArrayType>
void append_values(const arrow::Array& chunk, std::vector<double>& out) {
  const auto& a = static_cast<const ArrayType&>(chunk);
  for (std::int64_t i = 0; i < a.length(); ++i) {
    out.push_back(a.IsNull(i) ? kNaN : static_cast<double>(a.Value(i)));
  }
}

// A numeric column as doubles, nulls as NaN; empty when the table has no such column.
std::vector<double> column(const arrow::Table& table, const std::string& name,
                           const std::string& file) {
  std::vector<double> out;
  const auto col = table.GetColumnByName(name);
  if (!col) return out;
  out.reserve(static_cast<std::size_t>(table.num_rows()));
  for (const auto& chunk : col->chunks()) {
    switch (chunk->type_id()) {
      case arrow::Type::DOUBLE:
        append_values<arrow::DoubleArray>(*chunk, out);
        break;
      case arrow::Type::FLOAT:
        append_values<arrow::FloatArray>(*chunk, out);
        break;
      case arrow::Type::INT64:
        append_values<arrow::Int64Array>(*chunk, out);
        break;
      case arrow::Type::INT32:
        append_values<arrow::Int32Array>(*chunk, out);
        break;
      case arrow::Type::INT16:
        append_values<arrow::Int16Array>(*chunk, out);
        break;
      case arrow::Type::UINT32:
        append_values<arrow::UInt32Array>(*chunk, out);
        break;
      case arrow::Type::NA:
        out.insert(out.end(), static_cast<std::size_t>(chunk->length()), kNaN);
        break;
      default:
        throw InputError(
            file, 0,
            "column '" + name + "' is " + chunk->type()->ToString() + ", expected numbers");
    }
  }
  return out;
}

struct Row {
  std::int64_t hour;
  std::size_t index;  // data row, 0-based
};

class ProfileBuilder {
 public:
  ProfileBuilder(const arrow::Table& table, const core::Network& net, std::string file)
      : net_(net), file_(std::move(file)) {
    hour_ = column(table, "hour", file_);
    bus_ = column(table, "bus_id", file_);
    scale_ = column(table, "scale", file_);
    gen_scale_ = column(table, "gen_scale", file_);
    p_ = column(table, "p_mw", file_);
    q_ = column(table, "q_mvar", file_);
    // Columns of no rows read as absent, so the emptiness is said first.
    if (table.num_rows() == 0) throw InputError(file_, 0, "the profile has no rows");
    if (hour_.empty()) throw InputError(file_, 0, "no 'hour' column");
    if (scale_.empty() && p_.empty()) {
      throw InputError(file_, 0, "needs a 'scale' or a 'p_mw' column");
    }
    if (!p_.empty() && bus_.empty()) throw InputError(file_, 0, "'p_mw' needs a 'bus_id' column");
    if (!q_.empty() && p_.empty()) throw InputError(file_, 0, "'q_mvar' needs a 'p_mw' column");
  }

  core::Scenario build();

 private:
  [[noreturn]] void fail(std::size_t row, const std::string& what) const {
    throw InputError(file_, row + 1, what);
  }
  static bool given(const std::vector<double>& v, std::size_t r) {
    return !v.empty() && !std::isnan(v[r]);
  }
  double finite(const std::vector<double>& v, std::size_t r, const char* name) const {
    if (!std::isfinite(v[r])) fail(r, std::string("'") + name + "' is not a finite number");
    return v[r];
  }
  // A load factor: negative ones would turn loads into generation.
  double factor(const std::vector<double>& v, std::size_t r, const char* name) const {
    if (!(std::isfinite(v[r]) && v[r] >= 0))
      fail(r, std::string("'") + name + "' must be a finite number ≥ 0");
    return v[r];
  }
  void add_bus_row(core::Scenario& scenario, std::size_t r);

  const core::Network& net_;
  std::string file_;
  std::vector<double> hour_, bus_, scale_, gen_scale_, p_, q_;
};

void ProfileBuilder::add_bus_row(core::Scenario& scenario, std::size_t r) {
  const double id = bus_[r];
  auto it = net_.bus_index.find(static_cast<std::int64_t>(id));
  if (id != std::floor(id) || it == net_.bus_index.end()) {
    fail(r, "bus_id " + std::to_string(id) + " is not a bus of " + net_.name);
  }
  const auto bus = it->second;
  const double base = net_.base_mva;
  const auto case_p = scenario.case_load_p_pu(), case_q = scenario.case_load_q_pu();
  if (given(p_, r)) {
    const double p = finite(p_, r, "p_mw") / base;
    double q;
    if (given(q_, r)) {
      q = finite(q_, r, "q_mvar") / base;
    } else {  // keep the bus's power factor
      q = case_p[bus] != 0.0 ? case_q[bus] * p / case_p[bus] : 0.0;
    }
    scenario.set_bus(bus, p, q);
  } else if (given(scale_, r)) {
    scenario.scale_bus(bus, factor(scale_, r, "scale"));
  } else {
    fail(r, "a bus row needs 'scale' or 'p_mw'");
  }
}

core::Scenario ProfileBuilder::build() {
  std::vector<Row> rows(hour_.size());
  for (std::size_t r = 0; r < hour_.size(); ++r) {
    const double h = hour_[r];
    if (!std::isfinite(h) || h != std::floor(h)) fail(r, "'hour' is not an integer");
    rows[r] = {static_cast<std::int64_t>(h), r};
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.hour < b.hour; });

  core::Scenario scenario(net_);
  std::set<std::int64_t> buses_this_hour;
  for (std::size_t k = 0; k < rows.size();) {
    const auto hour = rows[k].hour;
    std::size_t end = k;
    while (end < rows.size() && rows[end].hour == hour) ++end;
    // The system-wide row of the hour: the one without a bus (at most one).
    double scale = 1.0, gen_scale = 1.0;
    bool system_row = false;
    for (auto j = k; j < end; ++j) {
      const auto r = rows[j].index;
      if (given(bus_, r)) continue;
      if (system_row) {
        // Said as the `hour,scale` format (no bus_id column) always said it.
        fail(r, "hour " + std::to_string(hour) +
                    (bus_.empty() ? " appears twice" : " has two system-wide rows"));
      }
      system_row = true;
      if (!given(scale_, r)) fail(r, "a row without bus_id needs 'scale'");
      scale = factor(scale_, r, "scale");
      // Generation follows the load unless told otherwise, so the reference bus takes up only
      // the change in losses, not the whole change in load.
      gen_scale = given(gen_scale_, r) ? finite(gen_scale_, r, "gen_scale") : scale;
    }
    scenario.add_hour(hour, scale, gen_scale);
    buses_this_hour.clear();
    for (auto j = k; j < end; ++j) {
      const auto r = rows[j].index;
      if (!given(bus_, r)) continue;
      if (!buses_this_hour.insert(static_cast<std::int64_t>(bus_[r])).second) {
        fail(r, "bus " + std::to_string(static_cast<std::int64_t>(bus_[r])) +
                    " appears twice in hour " + std::to_string(hour));
      }
      add_bus_row(scenario, r);
    }
    k = end;
  }
  return scenario;
}

}  // namespace

core::Scenario read_scenario(const std::filesystem::path& file, const core::Network& net) {
  const auto ext = file.extension().string();
  if (ext != ".parquet" && ext != ".csv") {
    throw InputError(file.string(), 0, "a load profile is a .parquet or .csv file");
  }
  std::shared_ptr<arrow::Table> table;
  try {
    table = read_table(file);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(file.string(), 0, e.what());
  }
  return ProfileBuilder(*table, net, file.string()).build();
}

}  // namespace gat::io
