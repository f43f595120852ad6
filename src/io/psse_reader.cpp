// PSS/E RAW: the case identification, then data sections in a fixed order, each ended by a
// record "0" (whose comment usually names the next section, "0 / END OF BUS DATA, BEGIN LOAD
// DATA"), until "Q" or the end of the file.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <regex>

#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"
#include "gat/io/psse.hpp"
#include "io/psse_builder.hpp"
#include "io/psse_lexer.hpp"

namespace gat::io {

namespace {

using psse::Builder;
using psse::LineCursor;
using psse::Record;

enum class Section {
  kSystemWide,
  kBus,
  kLoad,
  kFixedShunt,
  kGenerator,
  kBranch,
  kSwitchingDevice,
  kTransformer,
  kArea,
  kTwoTerminalDc,
  kVscDc,
  kImpedanceCorrection,
  kMultiTerminalDc,
  kMultiSectionLine,
  kZone,
  kInterAreaTransfer,
  kOwner,
  kFacts,
  kSwitchedShunt,
  kGne,
  kInductionMachine,
  kSubstation
};

struct SectionInfo {
  Section id;
  const char* name;       // for messages
  const char* keyword;    // how "BEGIN ... DATA" comments name it
  int lines_per_record;   // of a section gat does not model; 0: variable (one diagnostic)
  bool affects_solution;  // unmodelled records: warning (true) or note (false)
};

// Keywords are tried in this order against a "BEGIN ... DATA" comment, most specific first.
constexpr std::array kSections = {
    SectionInfo{Section::kImpedanceCorrection, "transformer impedance correction",
                "IMPEDANCE CORRECTION", 0, false},
    SectionInfo{Section::kSwitchingDevice, "system switching device", "SWITCHING DEVICE", 1, true},
    SectionInfo{Section::kSwitchedShunt, "switched shunt", "SWITCHED SHUNT", 1, true},
    SectionInfo{Section::kFixedShunt, "fixed shunt", "FIXED SHUNT", 1, true},
    SectionInfo{Section::kSystemWide, "system-wide", "SYSTEM-WIDE", 0, false},
    SectionInfo{Section::kBranch, "branch", "BRANCH", 1, true},
    SectionInfo{Section::kTwoTerminalDc, "two-terminal DC line", "TWO-TERMINAL", 3, true},
    SectionInfo{Section::kMultiTerminalDc, "multi-terminal DC line", "MULTI-TERMINAL", 0, true},
    SectionInfo{Section::kVscDc, "VSC DC line", "VSC|VOLTAGE SOURCE CONVERTER", 3, true},
    SectionInfo{Section::kMultiSectionLine, "multi-section line grouping", "MULTI-SECTION", 1,
                false},
    SectionInfo{Section::kInterAreaTransfer, "inter-area transfer", "INTER-AREA", 1, false},
    SectionInfo{Section::kTransformer, "transformer", "TRANSFORMER", 0, true},
    SectionInfo{Section::kArea, "area", "AREA", 1, false},
    SectionInfo{Section::kZone, "zone", "ZONE", 1, false},
    SectionInfo{Section::kOwner, "owner", "OWNER", 1, false},
    SectionInfo{Section::kFacts, "FACTS device", "FACTS", 1, true},
    SectionInfo{Section::kGne, "GNE device", "GNE", 0, true},
    SectionInfo{Section::kInductionMachine, "induction machine", "INDUCTION", 1, true},
    SectionInfo{Section::kSubstation, "substation", "SUBSTATION", 0, false},
    SectionInfo{Section::kGenerator, "generator", "GENERATOR", 1, true},
    SectionInfo{Section::kLoad, "load", "LOAD", 1, true},
    SectionInfo{Section::kBus, "bus", "BUS", 1, true},
};

const SectionInfo& info(Section s) {
  return *std::find_if(kSections.begin(), kSections.end(),
                       [s](const auto& i) { return i.id == s; });
}

std::vector<Section> section_order(int revision) {
  using S = Section;
  if (revision >= 34) {
    return {S::kSystemWide,
            S::kBus,
            S::kLoad,
            S::kFixedShunt,
            S::kGenerator,
            S::kBranch,
            S::kSwitchingDevice,
            S::kTransformer,
            S::kArea,
            S::kTwoTerminalDc,
            S::kVscDc,
            S::kImpedanceCorrection,
            S::kMultiTerminalDc,
            S::kMultiSectionLine,
            S::kZone,
            S::kInterAreaTransfer,
            S::kOwner,
            S::kFacts,
            S::kSwitchedShunt,
            S::kGne,
            S::kInductionMachine,
            S::kSubstation};
  }
  return {S::kBus,
          S::kLoad,
          S::kFixedShunt,
          S::kGenerator,
          S::kBranch,
          S::kTransformer,
          S::kArea,
          S::kTwoTerminalDc,
          S::kVscDc,
          S::kImpedanceCorrection,
          S::kMultiTerminalDc,
          S::kMultiSectionLine,
          S::kZone,
          S::kInterAreaTransfer,
          S::kOwner,
          S::kFacts,
          S::kSwitchedShunt,
          S::kGne,
          S::kInductionMachine};
}

// "END OF BUS DATA, BEGIN LOAD DATA" -> kLoad.
std::optional<Section> named_next(std::string_view comment) {
  std::string upper(comment);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto begin = upper.find("BEGIN ");
  if (begin == std::string::npos) return std::nullopt;
  const std::string rest = upper.substr(begin + 6);
  for (const auto& s : kSections) {
    std::string_view keys(s.keyword);  // alternatives separated by '|'
    while (!keys.empty()) {
      const auto bar = keys.find('|');
      if (rest.find(keys.substr(0, bar)) != std::string::npos) return s.id;
      keys = bar == std::string_view::npos ? std::string_view() : keys.substr(bar + 1);
    }
  }
  return std::nullopt;
}

struct CaseId {
  double base_mva;
  double frequency_hz;
  int revision;
};

CaseId read_case_id(LineCursor& cursor, const std::string& source) {
  std::string_view line;
  do {  // revision 35 files may open with a "@!" column header
    if (!cursor.raw_line(line)) throw InputError(source, 0, "empty file");
  } while (line.find_first_not_of(" \t") != std::string_view::npos &&
           line.substr(line.find_first_not_of(" \t")).starts_with("@!"));
  Record r;
  psse::split_record(line, cursor.line(), source, r);
  psse::Fields f(r, source, "case identification");
  if (f.integer(0, "IC", 0) != 0) {
    f.fail("IC = " + f.text(0) + " marks a change case; gat reads base cases (IC = 0)");
  }
  const double sbase = f.number(1, "SBASE", 100.0);
  if (!(sbase > 0)) f.fail("SBASE must be positive, got " + f.text(1));
  std::int64_t rev = f.integer(2, "REV", 0);
  if (rev == 0) {  // as psse2mpc: "PSS/E-33" or "PSS(tm)E-33" in the comment
    static const std::regex kRev(R"(PSS(/|\(tm\))E-(\d+))");
    std::cmatch m;
    const std::string comment(r.comment);
    if (std::regex_search(comment.c_str(), m, kRev)) rev = std::stoi(m[2].str());
  }
  if (rev == 0) f.fail("no revision (REV, field 3) given; gat reads PSS/E revisions 33, 34 and 35");
  if (rev < 33 || rev > 35) {
    f.fail("PSS/E revision " + std::to_string(rev) + " is not supported (gat reads 33, 34 and 35)");
  }
  const double basfrq = f.number(5, "BASFRQ", 60.0);
  cursor.raw_line(line);  // two title lines
  cursor.raw_line(line);
  return {sbase, basfrq, static_cast<int>(rev)};
}

class SectionReader {
 public:
  SectionReader(LineCursor& cursor, Builder& builder, ImportDiagnostics& diag)
      : cursor_(cursor), builder_(builder), diag_(diag) {}

  // Reads every section; returns when "Q" or the end of the file is reached.
  void run(const std::vector<Section>& order);

 private:
  enum class End { kTerminator, kQ, kEof };
  End read_section(Section s, std::size_t& first_line);
  End read_transformers(std::size_t& count);
  End skip_records(const SectionInfo& s, std::size_t& count);
  void dispatch(Section s, const Record& r);
  [[noreturn]] void truncated(const SectionInfo& s, std::size_t first_line, bool before) const;

  LineCursor& cursor_;
  Builder& builder_;
  ImportDiagnostics& diag_;
  Record record_;
};

void SectionReader::dispatch(Section s, const Record& r) {
  switch (s) {
    case Section::kBus:
      return builder_.bus(r);
    case Section::kLoad:
      return builder_.load(r);
    case Section::kFixedShunt:
      return builder_.fixed_shunt(r);
    case Section::kGenerator:
      return builder_.generator(r);
    case Section::kBranch:
      return builder_.branch(r);
    case Section::kSwitchingDevice:
      return builder_.switching_device(r);
    case Section::kArea:
      return builder_.area(r);
    case Section::kZone:
      return builder_.zone_or_owner(r, "zone");
    case Section::kOwner:
      return builder_.zone_or_owner(r, "owner");
    case Section::kSwitchedShunt:
      return builder_.switched_shunt(r);
    default:
      break;
  }
}

void SectionReader::truncated(const SectionInfo& s, std::size_t first_line, bool before) const {
  if (before) {
    throw InputError(cursor_.source(), cursor_.line(),
                     std::string("the file ends before the ") + s.name + " data");
  }
  throw InputError(cursor_.source(), cursor_.line(),
                   std::string("the file ends inside the ") + s.name + " data (begun at line " +
                       std::to_string(first_line) + "); expected a record '0' to end it");
}

SectionReader::End SectionReader::read_transformers(std::size_t& count) {
  std::vector<Record> lines(5);
  while (cursor_.next(record_)) {
    if (record_.is_terminator()) return End::kTerminator;
    if (record_.is_end_of_data()) return End::kQ;
    lines[0] = record_;
    const auto& k = lines[0].fields.size() > 2 ? lines[0].fields[2] : std::string_view();
    const std::size_t n = (k.empty() || k == "0") ? 4 : 5;
    for (std::size_t i = 1; i < n; ++i) {
      const bool got = cursor_.next(lines[i]);
      if (!got || (lines[i].fields.size() == 1 && lines[i].fields[0] == "0")) {
        throw InputError(cursor_.source(), got ? lines[i].line : cursor_.line(),
                         "transformer record begun at line " + std::to_string(lines[0].line) +
                             " has " + std::to_string(i) + " of its " + std::to_string(n) +
                             " lines (" + (n == 5 ? "three" : "two") +
                             "-winding, K = " + std::string(n == 5 ? k : "0") + ")");
      }
    }
    builder_.transformer(lines);
    ++count;
  }
  return End::kEof;
}

// Sections gat does not model: one diagnostic per record, or per section when records have a
// variable number of lines. A substation record (revision 34/35) is followed by three nested
// blocks (nodes, switching devices, equipment terminals), each ended by its own "0" record.
SectionReader::End SectionReader::skip_records(const SectionInfo& s, std::size_t& count) {
  const auto report = [&](std::size_t line, const std::string& text) {
    if (s.affects_solution) {
      diag_.warn(s.name, line, text);
    } else {
      diag_.note(s.name, line, text);
    }
  };
  const bool variable = s.lines_per_record == 0;
  std::size_t in_record = 0, first = 0, last = 0;
  int nested = 0;  // substation blocks still open
  End end = End::kEof;
  while (cursor_.next(record_)) {
    const bool at_start = variable || in_record == 0;
    if (at_start && record_.is_terminator() && nested == 0) {
      end = End::kTerminator;
      break;
    }
    if (at_start && record_.is_end_of_data()) {
      end = End::kQ;
      break;
    }
    if (s.id == Section::kSubstation) {
      if (record_.is_terminator()) {
        --nested;
      } else if (nested == 0) {
        nested = 3;  // a substation record opens its three blocks
      }
    }
    if (first == 0) first = record_.line;
    last = record_.line;
    if (variable) continue;
    if (in_record == 0) {
      ++count;
      report(record_.line, std::string(s.name) + " record not modelled");
    }
    in_record = (in_record + 1) % static_cast<std::size_t>(s.lines_per_record);
  }
  if (variable && first != 0) {
    ++count;
    report(first, std::string(s.name) + " data (lines " + std::to_string(first) + "-" +
                      std::to_string(last) + ") not modelled");
  }
  return end;
}

SectionReader::End SectionReader::read_section(Section s, std::size_t& count) {
  const SectionInfo& i = info(s);
  if (s == Section::kTransformer) return read_transformers(count);
  const bool modelled = s == Section::kBus || s == Section::kLoad || s == Section::kFixedShunt ||
                        s == Section::kGenerator || s == Section::kBranch ||
                        s == Section::kSwitchingDevice || s == Section::kArea ||
                        s == Section::kZone || s == Section::kOwner || s == Section::kSwitchedShunt;
  if (!modelled) return skip_records(i, count);
  while (cursor_.next(record_)) {
    if (record_.is_terminator()) return End::kTerminator;
    if (record_.is_end_of_data()) return End::kQ;
    dispatch(s, record_);
    ++count;
  }
  return End::kEof;
}

void SectionReader::run(const std::vector<Section>& order) {
  std::size_t next = 0;
  while (next < order.size()) {
    const Section s = order[next];
    const std::size_t first_line = cursor_.line() + 1;
    std::size_t count = 0;
    record_.fields.clear();
    const End end = read_section(s, count);
    const bool past_transformers =
        s > Section::kTransformer || (s == Section::kTransformer && end == End::kTerminator);
    if (end == End::kQ) {
      if (!past_transformers) truncated(info(s), first_line, false);
      return;
    }
    if (end == End::kEof) {
      // A file may stop after its last sections without "Q"; never inside the network data.
      if (count == 0 && s > Section::kTransformer) return;
      truncated(info(s), first_line, count == 0);
    }
    ++next;
    if (auto named = named_next(record_.comment)) {
      auto it = std::find(order.begin() + static_cast<std::ptrdiff_t>(next), order.end(), *named);
      if (it != order.end()) next = static_cast<std::size_t>(it - order.begin());
    }
  }
}

}  // namespace

PsseImport parse_psse(std::string_view text, const std::string& source,
                      const PsseOptions& options) {
  PsseImport out;
  out.diagnostics = ImportDiagnostics(source, options.strict);
  LineCursor cursor(text, source);
  const CaseId id = read_case_id(cursor, source);
  out.revision = id.revision;
  Builder builder(source, id.revision, id.base_mva, out.diagnostics);
  SectionReader(cursor, builder, out.diagnostics).run(section_order(id.revision));
  out.network = builder.finish();
  out.network.frequency_hz = id.frequency_hz;
  out.network.name = std::filesystem::path(source).stem().string();
  out.network.source = source;
  if (out.network.n_buses() == 0) throw InputError(source, 0, "no bus data");
  return out;
}

PsseImport read_psse(const std::filesystem::path& file, const PsseOptions& options) {
  core::require_readable_file(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, std::string("cannot open: ") + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_psse(text, file.string(), options);
}

}  // namespace gat::io
