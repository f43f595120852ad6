// A study whose chunks compute nothing: measures what an executor costs per chunk.
//   params: items (axis "item" size), rows (rows each item writes, 0 = no files at all)
#include "gat/core/error.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

class NoopStudy final : public Study {
 public:
  explicit NoopStudy(const exec::StudySpec& spec)
      : items_(spec.params.value("items", std::int64_t{0})),
        rows_(spec.params.value("rows", std::int64_t{0})),
        run_id_(spec.run_id()) {
    if (items_ < 0 || rows_ < 0) throw UsageError("batch noop: items and rows must be >= 0");
  }

  std::vector<exec::Axis> axes() const override { return {{"item", items_}}; }
  std::vector<TableInfo> tables() const override { return {{"noop", "value"}}; }

  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override {
    if (rows_ == 0) return {};
    const auto* r = chunk.range("item");
    const auto n = r->size() * rows_;
    std::vector<std::int64_t> item(static_cast<std::size_t>(n));
    std::vector<double> value(item.size());
    for (std::int64_t i = 0; i < n; ++i) {
      item[static_cast<std::size_t>(i)] = r->begin + i / rows_;
      value[static_cast<std::size_t>(i)] = static_cast<double>(i % rows_);
    }
    io::TableBuilder t(n);
    t.add_constant("run_id", run_id_).add("item", item).add("value", value);
    return {{"noop", t.finish("noop", 1)}};
  }

 private:
  std::int64_t items_, rows_;
  std::string run_id_;
};

}  // namespace

std::unique_ptr<Study> open_noop(const exec::StudySpec& spec) {
  return std::make_unique<NoopStudy>(spec);
}

}  // namespace gat::runs
