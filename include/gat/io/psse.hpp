// PSS/E RAW power-flow files, revisions 33, 34 and 35 (bus-branch data).
//
// What is read and how it maps onto core::Network:
//   case identification  SBASE -> base_mva, BASFRQ -> frequency_hz; REV picks the layouts
//                         (34 and 35 share theirs; a missing REV is an error, not a guess)
//   system-wide data      (rev 34/35) skipped, noted
//   buses                 one row each; NVHI/NVLO become vmax/vmin
//   loads                 one row each, constant power. Constant-current (IP, IQ) and
//                         constant-admittance (YP, YQ) parts are converted to constant power at
//                         the bus's initial voltage exactly as MATPOWER's psse2mpc does:
//                           P = PL + IP*Vm + YP*Vm^2,  Q = QL + IQ*Vm - YQ*Vm^2
//                         (a warning per load that has such parts)
//   fixed shunts          one row each
//   generators            PG, QG, QT/QB, VS, MBASE, STAT, PT/PB; IREG -> reg_bus; ID kept
//   branches              pi model; line shunts GI/BI and GJ/BJ become shunt rows at the
//                         ends (in service with the branch), as psse2mpc adds them
//   switching devices     (rev 34/35) branches of reactance X
//   transformers          two-winding: one branch; three-winding: a star-point bus (numbered
//                         as psse2mpc numbers them) and three branches. CW/CZ/CM codes as
//                         PSS/E defines them; see psse_transformer.cpp for the equations
//   areas, zones, owners  bus area/zone numbers kept; names noted
//   switched shunts       fixed at BINIT (a warning when their control is not locked)
//   everything else       (DC lines, FACTS, impedance tables, GNE, induction machines, ...)
//                         counted record by record as warnings
// Limits may be unbounded: +Inf in an upper limit (QT, PT, NVHI, ratings) and -Inf in a lower
// one (QB, PB, NVLO) are kept as infinite, each noted ("unbounded limit"), as MATPOWER's
// save2psse writes them and its psse2mpc reads them. Every other number must be finite.
// Malformed input throws gat::InputError naming file and line.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "gat/core/network.hpp"
#include "gat/io/diagnostics.hpp"

namespace gat::io {

struct PsseOptions {
  bool strict = false;  // a warning is an InputError
};

struct PsseImport {
  core::Network network;
  ImportDiagnostics diagnostics;
  int revision = 0;
};

// Parses RAW text; source names the file in messages.
PsseImport parse_psse(std::string_view text, const std::string& source,
                      const PsseOptions& options = {});

PsseImport read_psse(const std::filesystem::path& file, const PsseOptions& options = {});

}  // namespace gat::io
