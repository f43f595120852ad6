// gat import psse|matpower|auto FILE --out case.gat
// gat convert FILE --to matpower|gat -o OUT
#include <spdlog/spdlog.h>

#include <fstream>
#include <memory>

#include "cli.hpp"
#include "gat/io/arrow/gat_format.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/io/matpower.hpp"
#include "gat/io/matpower_writer.hpp"
#include "gat/io/psse.hpp"

namespace gat::cli {

namespace {

struct ImportOptions {
  std::string format = "auto";
  std::string file;
  std::string out;
  std::string to;
  std::string diagnostics_csv;
  bool strict = false;
};

struct Imported {
  core::Network net;
  io::ImportDiagnostics diagnostics;
  std::string format;  // "matpower", "psse", "gat"
};

Imported read_any(const std::string& format_arg, const std::string& name, bool strict) {
  const auto path = io::resolve_case(name);
  const std::string format = format_arg == "auto" ? io::detect_case_format(path) : format_arg;
  Imported out;
  out.format = format;
  if (format == "psse") {
    auto r = io::read_psse(path, {.strict = strict});
    out.net = std::move(r.network);
    out.diagnostics = std::move(r.diagnostics);
  } else if (format == "matpower") {
    out.net = io::read_matpower(path);
  } else {
    out.net = io::load_case(path.string());
  }
  return out;
}

std::string csv_field(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Counts by category, then the first warnings with file:line.
void print_diagnostics(const io::ImportDiagnostics& d, const std::string& csv_path) {
  if (d.entries().empty()) return;
  std::printf("  import diagnostics: %zu warnings, %zu notes\n", d.n_warnings(), d.n_notes());
  for (const auto& [key, n] : d.counts()) {
    std::printf("    %-8s %-34s %zu\n", io::to_string(key.first), key.second.c_str(), n);
  }
  std::size_t shown = 0;
  for (const auto& e : d.entries()) {
    if (e.severity != io::Severity::kWarning || shown == 10) continue;
    std::printf("    %s:%zu: %s\n", d.file().c_str(), e.line, e.message.c_str());
    ++shown;
  }
  if (d.n_warnings() > shown) {
    std::printf("    ... (%zu more; --diagnostics FILE.csv lists every one)\n",
                d.n_warnings() - shown);
  }
  if (csv_path.empty()) return;
  std::ofstream out(csv_path);
  out << "severity,category,file,line,message\n";
  for (const auto& e : d.entries()) {
    out << io::to_string(e.severity) << ',' << csv_field(e.category) << ',' << csv_field(d.file())
        << ',' << e.line << ',' << csv_field(e.message) << '\n';
  }
  if (!out) throw Error("cannot write " + csv_path);
}

void print_read(const Imported& in, double seconds) {
  std::printf(
      "read %s (%s): %zu buses, %zu branches, %zu generators, %zu loads, %zu shunts in %.3f s\n",
      in.net.source.c_str(), in.format.c_str(), in.net.n_buses(), in.net.n_branches(),
      in.net.n_gens(), in.net.loads.size(), in.net.shunts.size(), seconds);
}

void run_import(const ImportOptions& o) {
  Stopwatch clock;
  const Imported in = read_any(o.format, o.file, o.strict);
  print_read(in, clock.lap());
  io::write_gat(in.net, o.out, {.source_format = in.format, .diagnostics = &in.diagnostics});
  std::printf("wrote %s (gat network format v%d) in %.3f s\n", o.out.c_str(),
              io::kNetworkSchemaVersion, clock.lap());
  print_diagnostics(in.diagnostics, o.diagnostics_csv);
}

// -o is a file for --to matpower and a folder for --to gat: the other kind is a usage error,
// found before the case is read.
void check_convert_target(const ImportOptions& o) {
  const std::filesystem::path out(o.out);
  std::string folder = o.to == "gat" ? o.out : out.parent_path().string();
  std::string why = folder.empty() ? "" : output_folder()(folder);
  std::error_code ec;
  if (why.empty() && o.to == "matpower" && std::filesystem::is_directory(out, ec))
    why = "'" + o.out + "' is a folder; --to matpower writes a file (-o case.m)";
  if (!why.empty()) throw UsageError("--out: " + why);
}

void run_convert(const ImportOptions& o) {
  check_convert_target(o);
  Stopwatch clock;
  const Imported in = read_any("auto", o.file, o.strict);
  print_read(in, clock.lap());
  if (o.to == "matpower") {
    io::write_matpower(in.net, o.out);
  } else {
    io::write_gat(in.net, o.out, {.source_format = in.format, .diagnostics = &in.diagnostics});
  }
  std::printf("wrote %s (%s) in %.3f s\n", o.out.c_str(), o.to.c_str(), clock.lap());
  print_diagnostics(in.diagnostics, o.diagnostics_csv);
}

void add_common(CLI::App* cmd, ImportOptions& o) {
  cmd->add_flag("--strict", o.strict, "Fail on the first warning (data read but not modelled)");
  cmd->add_option("--diagnostics", o.diagnostics_csv,
                  "Write every import diagnostic to this CSV file");
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto o = std::make_shared<ImportOptions>();
  auto* cmd =
      app.add_subcommand("import", "Read a MATPOWER or PSS/E case into gat's network format");
  cmd->add_option("format", o->format, "psse, matpower or auto (by extension and content)")
      ->required()
      ->check(CLI::IsMember({"psse", "matpower", "auto"}));
  cmd->add_option("file", o->file, "Case file (.m, .raw) or case name")->required();
  cmd->add_option("-o,--out", o->out, "gat network directory to write, e.g. case.gat")
      ->required()
      ->check(output_folder());
  add_common(cmd, *o);
  cmd->footer(R"(Examples:
  gat import psse grid.raw --out grid.gat     PSS/E RAW (v33-35) to gat's network format
  gat import auto case9241pegase -o c.gat --diagnostics diag.csv
                                              what was read but not modelled, with file:line)");
  cmd->callback([o] { run_import(*o); });
}

void add_convert_command(CLI::App& app) {
  auto o = std::make_shared<ImportOptions>();
  auto* cmd = app.add_subcommand("convert",
                                 "Convert a case between MATPOWER, PSS/E (read) and gat formats");
  cmd->add_option("file", o->file, "Case: .m, .raw, gat directory or case name")->required();
  cmd->add_option("--to", o->to, "matpower (.m that MATPOWER runs) or gat (network directory)")
      ->required()
      ->check(CLI::IsMember({"matpower", "gat"}));
  cmd->add_option("-o,--out", o->out, "Output file (.m) or directory (.gat)")->required();
  add_common(cmd, *o);
  cmd->footer(R"(Examples:
  gat convert grid.gat --to matpower -o g.m   write a case MATPOWER runs
  gat convert grid.raw --to gat -o grid.gat   PSS/E RAW to gat's network format)");
  cmd->callback([o] { run_convert(*o); });
}

}  // namespace gat::cli
