// Reading gat network directories (see gat/io/arrow/gat_format.hpp).
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <arrow/ipc/api.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "gat/core/error.hpp"
#include "gat/io/arrow/gat_format.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/io/sha256.hpp"
#include "io/arrow/gat_format_internal.hpp"

namespace gat::io {

namespace {

namespace fs = std::filesystem;

// One table of the directory, memory-mapped, with typed column access.
class TableFile {
 public:
  TableFile(const fs::path& dir, const nlohmann::json& entry, const std::string& name, bool verify);

  std::size_t rows() const { return static_cast<std::size_t>(batch_->num_rows()); }
  bool has(const char* column) const { return batch_->GetColumnByName(column) != nullptr; }

  std::vector<double> f64(const char* column) const {
    const auto& a = typed<arrow::DoubleArray>(column, arrow::Type::DOUBLE);
    return {a.raw_values(), a.raw_values() + a.length()};
  }
  std::vector<std::int32_t> i32(const char* column) const {
    const auto& a = typed<arrow::Int32Array>(column, arrow::Type::INT32);
    return {a.raw_values(), a.raw_values() + a.length()};
  }
  std::vector<std::int64_t> i64(const char* column) const {
    const auto& a = typed<arrow::Int64Array>(column, arrow::Type::INT64);
    return {a.raw_values(), a.raw_values() + a.length()};
  }
  std::vector<std::uint8_t> flag(const char* column) const {
    const auto& a = typed<arrow::BooleanArray>(column, arrow::Type::BOOL);
    std::vector<std::uint8_t> v(rows());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = a.Value(static_cast<std::int64_t>(i)) ? 1 : 0;
    return v;
  }
  std::vector<std::string> text(const char* column) const {
    const auto& a = typed<arrow::StringArray>(column, arrow::Type::STRING);
    std::vector<std::string> v(rows());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = a.GetString(static_cast<std::int64_t>(i));
    return v;
  }
  // Dense bus indices of a column of external bus numbers.
  std::vector<std::int32_t> buses(const char* column, const core::Network& net) const {
    const auto ids = i64(column);
    std::vector<std::int32_t> v(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto it = net.bus_index.find(ids[i]);
      if (it == net.bus_index.end()) {
        fail(std::string("column ") + column + " row " + std::to_string(i + 1) + ": bus " +
             std::to_string(ids[i]) + " is not in buses.arrow");
      }
      v[i] = it->second;
    }
    return v;
  }
  const arrow::ListArray& list(const char* column) const {
    return typed<arrow::ListArray>(column, arrow::Type::LIST);
  }
  [[noreturn]] void fail(const std::string& message) const { throw InputError(path_, 0, message); }

 private:
  template <typename Array>
  const Array& typed(const char* column, arrow::Type::type type) const {
    const auto array = batch_->GetColumnByName(column);
    if (array == nullptr) fail(std::string("missing column ") + column);
    if (array->type_id() != type) {
      fail(std::string("column ") + column + " has type " + array->type()->ToString());
    }
    if (array->null_count() != 0) fail(std::string("column ") + column + " has nulls");
    return static_cast<const Array&>(*array);
  }

  std::string path_;
  std::shared_ptr<arrow::RecordBatch> batch_;
};

TableFile::TableFile(const fs::path& dir, const nlohmann::json& entry, const std::string& name,
                     bool verify) {
  if (!entry.is_object() || !entry.contains("file")) {
    throw InputError((dir / gat_format::kManifest).string(), 0, "no table '" + name + "'");
  }
  path_ = (dir / entry.at("file").get<std::string>()).string();
  auto file =
      gat_format::value(arrow::io::MemoryMappedFile::Open(path_, arrow::io::FileMode::READ), path_);
  if (verify) {
    const auto size = gat_format::value(file->GetSize(), path_);
    const auto bytes = gat_format::value(file->ReadAt(0, size), path_);
    const std::string sha = io::sha256_hex(std::string_view(
        reinterpret_cast<const char*>(bytes->data()), static_cast<std::size_t>(bytes->size())));
    if (sha != entry.value("sha256", ""))
      fail("sha256 differs from manifest.json (file changed or damaged)");
  }
  auto reader = arrow::ipc::RecordBatchFileReader::Open(file);
  if (!reader.ok()) fail("not an Arrow IPC file: " + reader.status().ToString());
  const int n = (*reader)->num_record_batches();
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  for (int i = 0; i < n; ++i)
    batches.push_back(gat_format::value((*reader)->ReadRecordBatch(i), path_));
  if (n == 1) {
    batch_ = batches[0];
  } else {
    auto table =
        gat_format::value(arrow::Table::FromRecordBatches((*reader)->schema(), batches), path_);
    auto combined = gat_format::value(table->CombineChunksToBatch(), path_);
    batch_ = combined;
  }
  if (entry.value("rows", -1) != batch_->num_rows()) {
    fail("has " + std::to_string(batch_->num_rows()) + " rows; manifest.json says " +
         std::to_string(entry.value("rows", -1)));
  }
}

void read_buses(const TableFile& t, core::Network& net) {
  auto& b = net.buses;
  b.id = t.i64("id");
  for (auto v : t.i32("type")) {
    if (v < 1 || v > 4) t.fail("bus type " + std::to_string(v) + " is not 1..4");
    b.type.push_back(static_cast<core::BusType>(v));
  }
  b.vm_pu = t.f64("vm_pu");
  b.va_rad = t.f64("va_rad");
  b.base_kv = t.f64("base_kv");
  b.area = t.i32("area");
  b.zone = t.i32("zone");
  b.vmax_pu = t.f64("vmax_pu");
  b.vmin_pu = t.f64("vmin_pu");
  b.name = t.text("name");
  try {
    net.index_buses();
  } catch (const ModelError& e) {
    t.fail(e.what());
  }
}

void read_loads_and_shunts(const TableFile& loads, const TableFile& shunts, core::Network& net) {
  auto& l = net.loads;
  l.bus = loads.buses("bus_id", net);
  l.p_pu = loads.f64("p_pu");
  l.q_pu = loads.f64("q_pu");
  l.in_service = loads.flag("in_service");
  if (loads.has("load_id")) l.load_id = loads.text("load_id");
  auto& s = net.shunts;
  s.bus = shunts.buses("bus_id", net);
  s.g_pu = shunts.f64("g_pu");
  s.b_pu = shunts.f64("b_pu");
  s.in_service = shunts.flag("in_service");
}

void read_branches(const TableFile& t, core::Network& net) {
  auto& br = net.branches;
  br.id = t.i64("id");
  br.from_bus = t.buses("from_bus_id", net);
  br.to_bus = t.buses("to_bus_id", net);
  br.r_pu = t.f64("r_pu");
  br.x_pu = t.f64("x_pu");
  br.b_pu = t.f64("b_pu");
  br.rate_a_pu = t.f64("rate_a_pu");
  br.rate_b_pu = t.f64("rate_b_pu");
  br.rate_c_pu = t.f64("rate_c_pu");
  br.tap_ratio = t.f64("tap_ratio");
  br.transformer = t.flag("transformer");
  br.shift_rad = t.f64("shift_rad");
  br.in_service = t.flag("in_service");
  br.angmin_rad = t.f64("angmin_rad");
  br.angmax_rad = t.f64("angmax_rad");
  if (t.has("ckt")) br.ckt = t.text("ckt");
}

void read_gens(const TableFile& t, core::Network& net) {
  auto& g = net.gens;
  g.bus = t.buses("bus_id", net);
  g.pg_pu = t.f64("pg_pu");
  g.qg_pu = t.f64("qg_pu");
  g.qmax_pu = t.f64("qmax_pu");
  g.qmin_pu = t.f64("qmin_pu");
  g.vg_pu = t.f64("vg_pu");
  g.mbase_mva = t.f64("mbase_mva");
  g.in_service = t.flag("in_service");
  g.pmax_pu = t.f64("pmax_pu");
  g.pmin_pu = t.f64("pmin_pu");
  g.pc1_mw = t.f64("pc1_mw");
  g.pc2_mw = t.f64("pc2_mw");
  g.qc1min_mvar = t.f64("qc1min_mvar");
  g.qc1max_mvar = t.f64("qc1max_mvar");
  g.qc2min_mvar = t.f64("qc2min_mvar");
  g.qc2max_mvar = t.f64("qc2max_mvar");
  g.ramp_agc = t.f64("ramp_agc");
  g.ramp_10 = t.f64("ramp_10");
  g.ramp_30 = t.f64("ramp_30");
  g.ramp_q = t.f64("ramp_q");
  g.apf = t.f64("apf");
  if (t.has("machine_id")) g.machine_id = t.text("machine_id");
  if (t.has("reg_bus_id")) g.reg_bus = t.buses("reg_bus_id", net);
}

void read_gen_costs(const TableFile& t, core::Network& net) {
  auto& c = net.gen_costs;
  c.model.clear();
  for (auto v : t.i32("model")) {
    if (v != 1 && v != 2) t.fail("cost model " + std::to_string(v) + " is not 1 or 2");
    c.model.push_back(static_cast<core::CostModel>(v));
  }
  c.startup = t.f64("startup");
  c.shutdown = t.f64("shutdown");
  const auto& data = t.list("data");
  const auto& values = static_cast<const arrow::DoubleArray&>(*data.values());
  c.offset.assign(1, 0);
  for (std::int64_t k = 0; k < data.length(); ++k) {
    const auto begin = data.value_offset(k), end = data.value_offset(k + 1);
    c.data.insert(c.data.end(), values.raw_values() + begin, values.raw_values() + end);
    c.offset.push_back(c.data.size());
  }
  if (c.size() == 0) c.offset.clear();
}

nlohmann::json read_manifest(const fs::path& dir) {
  const auto path = dir / gat_format::kManifest;
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "cannot open (not a gat network directory?)");
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string(), 0, std::string("not valid JSON: ") + e.what());
  }
  if (m.value("format", "") != gat_format::kFormatName) {
    throw InputError(path.string(), 0,
                     "not a gat network manifest (format is not \"gat-network\")");
  }
  if (m.value("schema_version", 0) != kNetworkSchemaVersion) {
    throw InputError(path.string(), 0,
                     "schema version " + m.value("schema_version", nlohmann::json()).dump() +
                         " is not the version this gat reads (" +
                         std::to_string(kNetworkSchemaVersion) + ")");
  }
  return m;
}

}  // namespace

core::Network read_gat(const fs::path& dir, const GatReadOptions& options) {
  const nlohmann::json m = read_manifest(dir);
  const auto& tables = m.at("tables");
  const auto table = [&](const char* name) {
    return TableFile(dir, tables.value(name, nlohmann::json()), name, options.verify_checksums);
  };
  core::Network net;
  try {
    const auto& c = m.at("case");
    net.name = c.value("name", dir.stem().string());
    net.base_mva = c.at("base_mva").get<double>();
    net.frequency_hz = c.value("frequency_hz", 0.0);
    net.source = dir.string();
  } catch (const nlohmann::json::exception& e) {
    throw InputError((dir / gat_format::kManifest).string(), 0,
                     std::string("bad case entry: ") + e.what());
  }
  read_buses(table("buses"), net);
  read_loads_and_shunts(table("loads"), table("shunts"), net);
  read_branches(table("branches"), net);
  read_gens(table("gens"), net);
  read_gen_costs(table("gen_costs"), net);
  return net;
}

bool is_gat_directory(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && fs::is_regular_file(path / gat_format::kManifest, ec);
}

void register_gat_format() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_case_format({"gat", [](const fs::path& p) { return is_gat_directory(p); },
                          [](const fs::path& p) { return read_gat(p); }});
  });
}

}  // namespace gat::io
