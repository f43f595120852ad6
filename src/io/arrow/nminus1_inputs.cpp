// Contingency lists read from CSV or Parquet.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "gat/core/error.hpp"
#include "gat/io/arrow/contingencies.hpp"
#include "gat/io/arrow/table.hpp"
#include "io/arrow/columns.hpp"

namespace gat::io {

namespace {

std::size_t line_of(std::size_t row) {
  return row + 2;  // header is line 1
}

// Branch index for each row: by branch_id, or by from_bus/to_bus[/ckt].
std::vector<std::int32_t> resolve_branches(const arrow::Table& t, const core::Network& net,
                                           const std::string& file) {
  const auto& br = net.branches;
  std::vector<std::int32_t> out;
  if (detail::has_column(t, "branch_id")) {
    std::unordered_map<std::int64_t, std::int32_t> by_id;
    for (std::size_t k = 0; k < br.size(); ++k)
      by_id.emplace(br.id[k], static_cast<std::int32_t>(k));
    const auto ids = detail::int_column(t, "branch_id", file);
    for (std::size_t r = 0; r < ids.size(); ++r) {
      const auto it = by_id.find(ids[r]);
      if (it == by_id.end()) {
        throw InputError(file, line_of(r),
                         "no branch " + std::to_string(ids[r]) + " in " + net.name);
      }
      out.push_back(it->second);
    }
    return out;
  }
  if (!detail::has_column(t, "from_bus") || !detail::has_column(t, "to_bus")) {
    throw InputError(file, 0, "needs a column branch_id, or from_bus and to_bus (and ckt)");
  }
  // Branches joining each unordered bus pair, in case order.
  std::map<std::pair<std::int32_t, std::int32_t>, std::vector<std::int32_t>> joining;
  for (std::size_t k = 0; k < br.size(); ++k) {
    const auto a = std::min(br.from_bus[k], br.to_bus[k]),
               b = std::max(br.from_bus[k], br.to_bus[k]);
    joining[{a, b}].push_back(static_cast<std::int32_t>(k));
  }
  const auto from = detail::int_column(t, "from_bus", file);
  const auto to = detail::int_column(t, "to_bus", file);
  const bool has_ckt = detail::has_column(t, "ckt");
  const auto ckt = has_ckt ? detail::int_column(t, "ckt", file) : std::vector<std::int64_t>{};
  for (std::size_t r = 0; r < from.size(); ++r) {
    const auto fb = net.bus_index.find(from[r]), tb = net.bus_index.find(to[r]);
    const std::string pair = std::to_string(from[r]) + "-" + std::to_string(to[r]);
    if (fb == net.bus_index.end() || tb == net.bus_index.end()) {
      throw InputError(file, line_of(r),
                       "no bus " + std::to_string(fb == net.bus_index.end() ? from[r] : to[r]));
    }
    const auto it =
        joining.find({std::min(fb->second, tb->second), std::max(fb->second, tb->second)});
    const auto n = it == joining.end() ? 0 : it->second.size();
    if (n == 0) throw InputError(file, line_of(r), "no branch joins buses " + pair);
    if (!has_ckt && n > 1) {
      throw InputError(file, line_of(r),
                       std::to_string(n) + " branches join buses " + pair +
                           ": give a ckt column (1.." + std::to_string(n) + ")");
    }
    const auto c = has_ckt ? ckt[r] : 1;
    if (c < 1 || static_cast<std::size_t>(c) > n) {
      throw InputError(file, line_of(r),
                       "ckt " + std::to_string(c) + " between buses " + pair + ": there are " +
                           std::to_string(n));
    }
    out.push_back(it->second[static_cast<std::size_t>(c - 1)]);
  }
  return out;
}

}  // namespace

std::vector<contingency::Outage> read_contingencies(const std::filesystem::path& file,
                                                    const core::Network& net) {
  const auto table = read_table(file);
  const std::string name = file.string();
  const auto branch = resolve_branches(*table, net, name);
  std::vector<contingency::Outage> out;
  if (!detail::has_column(*table, "contingency")) {
    for (auto k : branch) out.push_back({{k}});
  } else {
    const auto key = detail::text_column(*table, "contingency", name);
    std::unordered_map<std::string, std::size_t> group;
    for (std::size_t r = 0; r < key.size(); ++r) {
      const auto [it, added] = group.emplace(key[r], out.size());
      if (added) out.emplace_back();
      auto& b = out[it->second].branches;
      if (std::find(b.begin(), b.end(), branch[r]) != b.end()) {
        throw InputError(name, line_of(r),
                         "contingency " + key[r] + " names branch " +
                             std::to_string(net.branches.id[branch[r]]) + " twice");
      }
      b.push_back(branch[r]);
    }
  }
  if (out.empty()) throw InputError(name, 0, "no contingencies in the file");
  return out;
}

}  // namespace gat::io
