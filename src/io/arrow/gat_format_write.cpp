// Writing gat network directories (see gat/io/arrow/gat_format.hpp).
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <arrow/ipc/api.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/io/arrow/gat_format.hpp"
#include "gat/io/sha256.hpp"
#include "io/arrow/append_values.hpp"
#include "io/arrow/gat_format_internal.hpp"

namespace gat::io {

namespace {

namespace fs = std::filesystem;
using gat_format::check;

// Builds one record batch column by column.
class BatchBuilder {
 public:
  explicit BatchBuilder(std::size_t rows) : rows_(static_cast<std::int64_t>(rows)) {}

  BatchBuilder& f64(const char* name, const std::vector<double>& v) {
    return push<arrow::DoubleBuilder>(name, arrow::float64(), v);
  }
  BatchBuilder& i32(const char* name, const std::vector<std::int32_t>& v) {
    return push<arrow::Int32Builder>(name, arrow::int32(), v);
  }
  BatchBuilder& i64(const char* name, const std::vector<std::int64_t>& v) {
    return push<arrow::Int64Builder>(name, arrow::int64(), v);
  }
  BatchBuilder& flag(const char* name, const std::vector<std::uint8_t>& v) {
    arrow::BooleanBuilder b;
    check(b.Reserve(rows_), name);
    for (auto x : v) b.UnsafeAppend(x != 0);
    return add(name, arrow::boolean(), b);
  }
  BatchBuilder& text(const char* name, const std::vector<std::string>& v) {
    arrow::StringBuilder b;
    for (const auto& s : v) check(b.Append(s), name);
    return add(name, arrow::utf8(), b);
  }
  // External bus numbers of dense bus indices.
  BatchBuilder& bus_ids(const char* name, const std::vector<std::int32_t>& dense,
                        const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> v(dense.size());
    for (std::size_t k = 0; k < dense.size(); ++k) v[k] = ids[static_cast<std::size_t>(dense[k])];
    return i64(name, v);
  }
  BatchBuilder& add(const char* name, std::shared_ptr<arrow::DataType> type,
                    arrow::ArrayBuilder& b) {
    std::shared_ptr<arrow::Array> array;
    check(b.Finish(&array), name);
    if (array->length() != rows_) {
      throw Error(std::string("gat format: column ") + name + " has " +
                  std::to_string(array->length()) + " rows, expected " + std::to_string(rows_));
    }
    fields_.push_back(arrow::field(name, std::move(type), false));
    arrays_.push_back(std::move(array));
    return *this;
  }
  std::shared_ptr<arrow::RecordBatch> finish(const std::string& table) const {
    auto metadata =
        arrow::key_value_metadata({"gat.schema", "gat.schema_version"},
                                  {"network." + table, std::to_string(kNetworkSchemaVersion)});
    return arrow::RecordBatch::Make(arrow::schema(fields_, metadata), rows_, arrays_);
  }

 private:
  template <typename Builder, typename T>
  BatchBuilder& push(const char* name, std::shared_ptr<arrow::DataType> type,
                     const std::vector<T>& v) {
    Builder b;
    check(detail::append_values(b, std::span<const T>(v)), name);
    return add(name, std::move(type), b);
  }

  std::int64_t rows_;
  std::vector<std::shared_ptr<arrow::Field>> fields_;
  std::vector<std::shared_ptr<arrow::Array>> arrays_;
};

std::shared_ptr<arrow::RecordBatch> buses_batch(const core::Network& net) {
  const auto& b = net.buses;
  std::vector<std::int32_t> type(b.size());
  for (std::size_t i = 0; i < b.size(); ++i) type[i] = static_cast<std::int32_t>(b.type[i]);
  return BatchBuilder(b.size())
      .i64("id", b.id)
      .i32("type", type)
      .f64("vm_pu", b.vm_pu)
      .f64("va_rad", b.va_rad)
      .f64("base_kv", b.base_kv)
      .i32("area", b.area)
      .i32("zone", b.zone)
      .f64("vmax_pu", b.vmax_pu)
      .f64("vmin_pu", b.vmin_pu)
      .text("name", b.name)
      .finish("buses");
}

std::shared_ptr<arrow::RecordBatch> loads_batch(const core::Network& net) {
  const auto& l = net.loads;
  BatchBuilder t(l.size());
  t.bus_ids("bus_id", l.bus, net.buses.id)
      .f64("p_pu", l.p_pu)
      .f64("q_pu", l.q_pu)
      .flag("in_service", l.in_service);
  if (!l.load_id.empty()) t.text("load_id", l.load_id);
  return t.finish("loads");
}

std::shared_ptr<arrow::RecordBatch> shunts_batch(const core::Network& net) {
  const auto& s = net.shunts;
  return BatchBuilder(s.size())
      .bus_ids("bus_id", s.bus, net.buses.id)
      .f64("g_pu", s.g_pu)
      .f64("b_pu", s.b_pu)
      .flag("in_service", s.in_service)
      .finish("shunts");
}

std::shared_ptr<arrow::RecordBatch> branches_batch(const core::Network& net) {
  const auto& br = net.branches;
  BatchBuilder t(br.size());
  t.i64("id", br.id)
      .bus_ids("from_bus_id", br.from_bus, net.buses.id)
      .bus_ids("to_bus_id", br.to_bus, net.buses.id)
      .f64("r_pu", br.r_pu)
      .f64("x_pu", br.x_pu)
      .f64("b_pu", br.b_pu)
      .f64("rate_a_pu", br.rate_a_pu)
      .f64("rate_b_pu", br.rate_b_pu)
      .f64("rate_c_pu", br.rate_c_pu)
      .f64("tap_ratio", br.tap_ratio)
      .flag("transformer", br.transformer)
      .f64("shift_rad", br.shift_rad)
      .flag("in_service", br.in_service)
      .f64("angmin_rad", br.angmin_rad)
      .f64("angmax_rad", br.angmax_rad);
  if (!br.ckt.empty()) t.text("ckt", br.ckt);
  return t.finish("branches");
}

std::shared_ptr<arrow::RecordBatch> gens_batch(const core::Network& net) {
  const auto& g = net.gens;
  BatchBuilder t(g.size());
  t.bus_ids("bus_id", g.bus, net.buses.id)
      .f64("pg_pu", g.pg_pu)
      .f64("qg_pu", g.qg_pu)
      .f64("qmax_pu", g.qmax_pu)
      .f64("qmin_pu", g.qmin_pu)
      .f64("vg_pu", g.vg_pu)
      .f64("mbase_mva", g.mbase_mva)
      .flag("in_service", g.in_service)
      .f64("pmax_pu", g.pmax_pu)
      .f64("pmin_pu", g.pmin_pu)
      .f64("pc1_mw", g.pc1_mw)
      .f64("pc2_mw", g.pc2_mw)
      .f64("qc1min_mvar", g.qc1min_mvar)
      .f64("qc1max_mvar", g.qc1max_mvar)
      .f64("qc2min_mvar", g.qc2min_mvar)
      .f64("qc2max_mvar", g.qc2max_mvar)
      .f64("ramp_agc", g.ramp_agc)
      .f64("ramp_10", g.ramp_10)
      .f64("ramp_30", g.ramp_30)
      .f64("ramp_q", g.ramp_q)
      .f64("apf", g.apf);
  if (!g.machine_id.empty()) t.text("machine_id", g.machine_id);
  if (!g.reg_bus.empty()) t.bus_ids("reg_bus_id", g.reg_bus, net.buses.id);
  return t.finish("gens");
}

std::shared_ptr<arrow::RecordBatch> gen_costs_batch(const core::Network& net) {
  const auto& c = net.gen_costs;
  std::vector<std::int32_t> model(c.size());
  for (std::size_t k = 0; k < c.size(); ++k) model[k] = static_cast<std::int32_t>(c.model[k]);
  arrow::ListBuilder data(arrow::default_memory_pool(), std::make_shared<arrow::DoubleBuilder>());
  auto& values = static_cast<arrow::DoubleBuilder&>(*data.value_builder());
  for (std::size_t k = 0; k < c.size(); ++k) {
    check(data.Append(), "data");
    check(detail::append_values(values,
                                std::span<const double>(c.data).subspan(c.offset[k], c.count(k))),
          "data");
  }
  return BatchBuilder(c.size())
      .i32("model", model)
      .f64("startup", c.startup)
      .f64("shutdown", c.shutdown)
      .add("data", arrow::list(arrow::float64()), data)
      .finish("gen_costs");
}

// Encodes one batch as an Arrow IPC file and writes it; returns its sha256.
std::string write_batch(const arrow::RecordBatch& batch, const fs::path& file) {
  auto sink = gat_format::value(arrow::io::BufferOutputStream::Create(), file.string());
  auto writer = gat_format::value(arrow::ipc::MakeFileWriter(sink, batch.schema()), file.string());
  check(writer->WriteRecordBatch(batch), file.string());
  check(writer->Close(), file.string());
  auto buffer = gat_format::value(sink->Finish(), file.string());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(buffer->data()), buffer->size());
  out.flush();
  if (!out) throw Error("cannot write " + file.string() + " (disk full or not writable?)");
  return io::sha256_hex(std::string_view(reinterpret_cast<const char*>(buffer->data()),
                                         static_cast<std::size_t>(buffer->size())));
}

nlohmann::json manifest_head(const core::Network& net, const GatWriteOptions& options) {
  nlohmann::json m;
  m["format"] = gat_format::kFormatName;
  m["schema_version"] = kNetworkSchemaVersion;
  m["written_by"] = std::string("gat ") + build::kVersion;
  m["case"] = {{"name", net.name}, {"base_mva", net.base_mva}, {"frequency_hz", net.frequency_hz}};
  nlohmann::json source = {{"file", net.source}, {"format", options.source_format}};
  std::error_code ec;
  if (!net.source.empty() && fs::is_regular_file(net.source, ec)) {
    source["sha256"] = io::sha256_file(net.source);
  }
  m["source"] = source;
  if (options.diagnostics != nullptr) {
    nlohmann::json by_category = nlohmann::json::object();
    for (const auto& [key, n] : options.diagnostics->counts()) {
      by_category[std::string(to_string(key.first)) + ": " + key.second] = n;
    }
    m["import_diagnostics"] = {{"warnings", options.diagnostics->n_warnings()},
                               {"notes", options.diagnostics->n_notes()},
                               {"by_category", by_category}};
  }
  return m;
}

void replace_directory(const fs::path& temp, const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!is_gat_directory(dir)) {
      fs::remove_all(temp, ec);
      throw Error(dir.string() + " exists and is not a gat network directory; not replacing it");
    }
    fs::remove_all(dir, ec);
  }
  fs::rename(temp, dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message());
}

}  // namespace

void write_gat(const core::Network& net, const fs::path& dir, const GatWriteOptions& options) {
  const fs::path target = dir.has_filename() ? dir : dir.parent_path();
  const fs::path temp = target.parent_path() /
                        ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(temp, ec);
  fs::create_directories(temp, ec);
  if (ec) throw Error("cannot create " + temp.string() + ": " + ec.message());
  nlohmann::json manifest = manifest_head(net, options);
  const std::pair<const char*, std::shared_ptr<arrow::RecordBatch>> tables[] = {
      {"buses", buses_batch(net)},   {"loads", loads_batch(net)},
      {"shunts", shunts_batch(net)}, {"branches", branches_batch(net)},
      {"gens", gens_batch(net)},     {"gen_costs", gen_costs_batch(net)}};
  for (const auto& [name, batch] : tables) {
    const std::string file = std::string(name) + ".arrow";
    manifest["tables"][name] = {
        {"file", file}, {"rows", batch->num_rows()}, {"sha256", write_batch(*batch, temp / file)}};
  }
  std::ofstream out(temp / gat_format::kManifest, std::ios::trunc);
  out << manifest.dump(2) << "\n";
  out.flush();
  if (!out) throw Error("cannot write " + (temp / gat_format::kManifest).string());
  out.close();
  replace_directory(temp, target);
}

}  // namespace gat::io
