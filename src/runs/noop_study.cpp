// A study whose chunks compute nothing: measures what an executor costs per chunk.
//   params: items (axis "item" size), rows (rows each item writes, 0 = no files at all)
#include "studies.hpp"

namespace gat::runs {

namespace {

class NoopStudy final : public Study {
 public:
  explicit NoopStudy(const exec::StudySpec& spec)
      : items_(spec.params.at("items").get<std::int64_t>()),
        rows_(spec.params.at("rows").get<std::int64_t>()),
        run_id_(spec.run_id()) {}

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

StudyType noop_study() {
  return {
      .command = "batch noop",
      .summary = "Chunks that compute nothing (executor overhead benchmarks)",
      .options = {{.key = "items",
                   .flag = "--items",
                   .type = OptionType::kInt,
                   .default_value = 100,
                   .help = "Items (the axis to chunk)",
                   .min = 0},
                  {.key = "rows",
                   .flag = "--rows",
                   .type = OptionType::kInt,
                   .default_value = 0,
                   .help = "Rows each item writes (0: no files)",
                   .min = 0}},
      .axes = {fixed_axis("item", "--chunk-items", "Items per chunk", 1)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<NoopStudy>(spec);
      },
      .hidden = true,
  };
}

}  // namespace gat::runs
