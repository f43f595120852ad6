#include "cli.hpp"

#include <spdlog/spdlog.h>
#include <filesystem>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "gat/core/error.hpp"
#include "gat/io/case_loader.hpp"

namespace gat::cli {

CLI::Option* add_case_argument(CLI::App* cmd, std::string& case_name) {
  return cmd
      ->add_option("case", case_name,
                   "Case: a MATPOWER .m, a PSS/E .raw, a gat network folder, or a name (case118) "
                   "looked up in $GAT_CASE_PATH, then in MATPOWER's data folder")
      ->required();
}

void only_with(CLI::Option* option, const CLI::Option* other, const std::string& value,
               bool value_is_default) {
  // Validators run once the whole command line is read, so `other` is known whatever the order.
  option->check(CLI::Validator(
      [other, value, value_is_default](const std::string&) -> std::string {
        const bool given = other->count() > 0;
        if (given ? other->results().front() == value : value_is_default) return {};
        return "applies only with " + other->get_name() + " " + value;
      },
      ""));
}

const CLI::Validator& output_folder() {
  static const CLI::Validator check(
      [](const std::string& path) -> std::string {
        if (path == "-") return {};
        // The folder, or the nearest of its parents that exists, must be a folder.
        std::error_code ec;
        auto existing = std::filesystem::path(path);
        while (!existing.empty() && !std::filesystem::exists(existing, ec))
          existing = existing.parent_path();
        if (existing.empty() || std::filesystem::is_directory(existing, ec)) return {};
        return "'" + existing.string() + "' is a file, not a folder";
      },
      "");
  return check;
}

namespace {

CLI::Validator number_check(bool zero_allowed) {
  return CLI::Validator(
      [zero_allowed](const std::string& text) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(text.c_str(), &end);
        const bool number = !text.empty() && end == text.c_str() + text.size() && std::isfinite(x);
        if (number && (x > 0 || (zero_allowed && x == 0))) return {};
        return std::string("must be a ") + (zero_allowed ? "non-negative" : "positive") +
               " number, not '" + text + "'";
      },
      "");
}

}  // namespace

const CLI::Validator& positive_number() {
  static const CLI::Validator check = number_check(false);
  return check;
}

const CLI::Validator& non_negative_number() {
  static const CLI::Validator check = number_check(true);
  return check;
}

std::string emit_tables(const std::vector<io::NamedTable>& tables, const OutputOptions& options,
                        std::string_view primary) {
  if (options.out == "-") {
    const std::string wanted = options.table.empty() ? std::string(primary) : options.table;
    for (const auto& t : tables) {
      if (t.name != wanted) continue;
      // A table on a terminal-bound stream is for reading: CSV unless asked otherwise.
      const auto format =
          io::parse_table_format(options.format == "parquet" ? "csv" : options.format);
      io::write_table(*t.table, std::cout, format);
      return "table " + wanted + " -> stdout";
    }
    std::string names;
    for (const auto& t : tables) names += (names.empty() ? "" : ", ") + t.name;
    throw UsageError("no table '" + wanted + "' (this command writes: " + names + ")");
  }
  const auto format = io::parse_table_format(options.format);
  std::string names;
  for (const auto& t : tables) {
    io::write_table(t, options.out, format);
    names += (names.empty() ? "" : ", ") + t.name;
  }
  return names + " -> " + (std::filesystem::path(options.out) / "").string() + " (" +
         options.format + ")";
}

core::Network load_network(const std::string& name_or_path) {
  auto net = io::load_case(name_or_path);
  spdlog::debug("read {} from {}: {} buses, {} branches, {} generators", net.name, net.source,
                net.n_buses(), net.n_branches(), net.n_gens());
  return net;
}

}  // namespace gat::cli
