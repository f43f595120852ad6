// Load time of one network in each format gat reads: MATPOWER .m (text), PSS/E .raw (text) and
// the gat network directory (Arrow IPC through a memory map), each read `repeats` times in this
// process; the median is reported, in the row format of bench/RESULTS.md.
//
//   bench_load_formats CASE.m CASE.raw CASE.gat [repeats]
// (a path may be "-" to skip that format)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "gat/io/arrow/gat_format.hpp"
#include "gat/io/matpower.hpp"
#include "gat/io/psse.hpp"

namespace {

double median_seconds(int repeats, const std::function<std::size_t()>& load, std::size_t& buses) {
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    buses = load();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s CASE.m CASE.raw CASE.gat [repeats]\n", argv[0]);
    return 2;
  }
  const std::string m = argv[1], raw = argv[2], gat = argv[3];
  const int repeats = argc > 4 ? std::stoi(argv[4]) : 5;
  struct Row {
    const char* what;
    std::string path;
    std::function<std::size_t()> load;
  };
  const Row rows[] = {
      {"MATPOWER .m (text)", m, [&] { return gat::io::read_matpower(m).n_buses(); }},
      {"PSS/E .raw v33 (text)", raw, [&] { return gat::io::read_psse(raw).network.n_buses(); }},
      {"gat directory, sha256 verified", gat, [&] { return gat::io::read_gat(gat).n_buses(); }},
      {"gat directory, no verification", gat,
       [&] { return gat::io::read_gat(gat, {.verify_checksums = false}).n_buses(); }},
  };
  double base = 0;
  for (const auto& r : rows) {
    if (r.path == "-") continue;
    std::size_t buses = 0;
    const double s = median_seconds(repeats, r.load, buses);
    if (base == 0) base = s;
    std::printf("| %-32s | %7zu | %9.4f | %6.1fx |\n", r.what, buses, s, base / s);
  }
  return 0;
}
