// Builds a core::Network from PSS/E RAW records, one section at a time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "gat/core/network.hpp"
#include "gat/io/diagnostics.hpp"
#include "io/psse_lexer.hpp"

namespace gat::io::psse {

// Revision-dependent field positions (0-based). Revisions 34 and 35 share one layout.
struct Layout {
  bool rev35;  // revision 34 or 35
  // load
  std::size_t load_dgenp, load_dgenq, load_dgenm;  // npos before rev 34
  // generator
  std::size_t gen_mbase, gen_stat, gen_pt, gen_pb, gen_wmod;
  // non-transformer branch
  std::size_t br_rate, br_gi, br_st;
  // transformer winding line
  std::size_t w_cod, w_tab;
  // switched shunt
  std::size_t sw_modsw, sw_stat, sw_binit;

  static Layout for_revision(int revision);
};

// Names of the first three ratings (RATEA..RATEC in revision 33's branch records).
inline constexpr std::array<const char*, 3> kRate123{"RATE1", "RATE2", "RATE3"};

class Builder {
 public:
  Builder(const std::string& source, int revision, double base_mva, ImportDiagnostics& diagnostics);

  void bus(const Record& r);
  void load(const Record& r);
  void fixed_shunt(const Record& r);
  void generator(const Record& r);
  void branch(const Record& r);
  void switching_device(const Record& r);
  // A transformer is 4 (two-winding) or 5 (three-winding) lines; lines[0] decides.
  void transformer(const std::vector<Record>& lines);
  void area(const Record& r);
  void zone_or_owner(const Record& r, const char* kind);
  void switched_shunt(const Record& r);

  core::Network finish();

  const std::string& source() const { return source_; }
  const Layout& layout() const { return layout_; }

 private:
  std::int32_t bus_of(const Fields& f, std::size_t i, std::string_view name) const;
  // Fields::limit, with a note for each infinite (unbounded) limit.
  double limit(const Fields& f, std::size_t i, std::string_view name, double fallback, Bound bound);
  // Three ratings in MVA from fields i, i+1, i+2 (0 when blank: no rating); +Inf is no limit too.
  std::array<double, 3> ratings(const Fields& f, std::size_t i,
                                const std::array<const char*, 3>& names);
  void add_shunt(std::int32_t bus, double g_pu, double b_pu, bool in_service);
  void add_branch(std::int32_t from, std::int32_t to, double r, double x, double b,
                  const std::array<double, 3>& rate_mva, std::string ckt, bool in_service);
  void two_winding(const std::vector<Record>& lines, const Fields& head);
  void three_winding(const std::vector<Record>& lines, const Fields& head);
  void magnetizing(const Fields& head, const Fields& winding1, double sbase12, std::int32_t bus,
                   bool in_service);
  void winding_notes(const Fields& w, int winding);
  std::int32_t add_star_bus(const Fields& head, const Fields& impedances, std::int32_t bus1);
  double pu(double mw) const { return mw / base_mva_; }

  const std::string& source_;
  int revision_;
  Layout layout_;
  ImportDiagnostics& diag_;
  double base_mva_;
  core::Network net_;
  std::unordered_map<std::int64_t, std::size_t> bus_line_;  // external number -> line
  std::int64_t next_star_number_ = 0;  // 0 until the first three-winding transformer
};

}  // namespace gat::io::psse
