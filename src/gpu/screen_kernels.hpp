// Kernels of the fused N-1 DC screen (dc_screen.cpp runs them; contingency/dc_screen.hpp
// states the maths). Layouts, per hour chunk of hc hours (leading dimension ldh ≥ hc):
//   base[m * ldh + h]   base flow of monitored branch m        (f64, and f32 for f32/auto)
//   outv[j * ldh + h]   base flow of the branch of outage column j
//   lodf[j * ld + m]    LODF(m, j), monitored rows contiguous per column (ld = n_monitored)
// Every f64 value is computed with the CPU's operations in the CPU's order.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace gat::gpu::screen {

inline constexpr int kRows = 16;                  // monitored rows per screen tile
inline constexpr int kMaxTopK = 16;               // top-K kept on the device up to this K
inline constexpr double kMinDenominator = 1e-10;  // as sens/lodf.cpp

struct Candidate {  // auto: an f32 hit to re-check in f64
  std::int32_t column, monitored, hour;
};

struct Hit {  // same layout as accel::DcScreenOutput::Hit
  std::int32_t column, monitored, hour, pad;
  double pre, post;
};

struct TopEntry {  // same layout as accel::DcScreenOutput::Top
  std::int32_t monitored, hour, rank, column;
  double post;
};

struct TopRecord {
  std::int32_t monitored, hour, count, pad;
  std::int32_t column[kMaxTopK];
  double post[kMaxTopK];
};

// Flow rows: P(r, h) = b (θ_from − θ_to − shift), θ at solution row from/to, or the fixed
// angle where from/to is −1.
struct FlowRowsDevice {
  const double *b, *shift, *from_angle, *to_angle;
  const std::int32_t *from, *to;
  std::size_t n;
};

// X(pos[u], h) = (p_bus[(h0 + h) * n_buses + bus[u]] + rhs0[u]) * scale[u], u < n_unknowns;
// the zero row n_unknowns is cleared.
void theta_rhs(double* x, std::size_t ld, std::size_t hc, std::size_t n_unknowns,
               const double* p_bus_chunk, std::size_t n_buses, const std::int32_t* pos,
               const double* scale, const std::int32_t* bus, const double* rhs0,
               cudaStream_t stream);

// out64 (and out32 when not null) = flows of the rows for hc hours of X.
void flow_rows(const double* x, std::size_t ld, std::size_t hc, FlowRowsDevice rows, double* out64,
               float* out32, std::size_t ldh, cudaStream_t stream);

// Per row: max and min over the hc hours.
void row_extremes(const double* v, std::size_t ldh, std::size_t hc, std::size_t n_rows, double* max,
                  double* min, cudaStream_t stream);

// Per outage column: inv[j] = 1 / (1 − φ_j) with φ_j = b_j (X(from_j, j) − X(to_j, j)), or 0
// and islanding[j] = 1 when |1 − φ_j| < kMinDenominator.
void lodf_denominators(const double* x, std::size_t ld, std::size_t n_cols, const double* b,
                       const std::int32_t* from, const std::int32_t* to, double* inv,
                       std::uint8_t* islanding, cudaStream_t stream);

// lodf[j * m_ld + m] = (b_m (X(from_m, j) − X(to_m, j))) · inv[j]; −1 at own[j] (when ≥ 0
// and inv[j] ≠ 0); also in single precision when lodf32 is not null.
void lodf_columns(const double* x, std::size_t ld, std::size_t n_cols, std::size_t n_monitored,
                  const double* b, const std::int32_t* from, const std::int32_t* to,
                  const double* inv, const std::int32_t* own, double* lodf, float* lodf32,
                  std::size_t m_ld, cudaStream_t stream);

// lmax[m] = max over columns j without islanding of |lodf[j * ld + m]|.
void lodf_row_max(const double* lodf, std::size_t ld, std::size_t n_cols, std::size_t n_monitored,
                  const std::uint8_t* islanding, double* lmax, cudaStream_t stream);

// *pmax = max over columns without islanding of max(|omax|, |omin|) (one block).
void column_abs_max(const double* omax, const double* omin, const std::uint8_t* islanding,
                    std::size_t n_cols, double* pmax, cudaStream_t stream);

enum class Mode : std::uint8_t { kF64, kF32, kAuto };

// Per monitored row, for the chunk: the screen's threshold (thr64 = limit in f64 mode; thr32
// the single-precision threshold in f32/auto mode) and the pruning limit, both conservative
// (dc_screen.cpp derives the margins).
void thresholds(Mode mode, std::size_t n_monitored, const double* limit, const double* bmax,
                const double* bmin, const double* lmax, const double* pmax, float* thr32,
                double* prune_limit, cudaStream_t stream);

// Per tile of kRows monitored rows: the outage columns that can violate anywhere in the chunk
// (all non-islanding columns when !prune), ascending, klist[tile * klist_ld + i].
void plan(const double* lodf, std::size_t ld, std::size_t n_monitored, std::size_t n_cols,
          const double* bmax, const double* bmin, const double* omax, const double* omin,
          const double* prune_limit, const std::uint8_t* islanding, bool prune, std::int32_t* klist,
          std::size_t klist_ld, std::int32_t* kcount, cudaStream_t stream);

struct ScreenArgs {
  Mode mode;
  std::size_t n_monitored, n_cols, hc, ldh, lodf_ld;
  int h0;            // first hour of the chunk
  const void* lodf;  // double (f64) or float (f32, auto)
  const void* base;
  const void* outv;
  const void* thr;  // double limit (f64) or float thr32
  const std::int32_t* klist;
  std::size_t klist_ld;
  const std::int32_t* kcount;
  const double* base64;  // pre-contingency flows for the records
  const double* rate;
  // f64/f32: violations and top-K; auto: candidates
  Hit* hits;
  Candidate* candidates;
  unsigned long long* n_out;
  std::size_t capacity;
  int top_k;  // 0: none
  std::uint8_t* top_n;
  double* top_loading;
  std::int32_t* top_column;
  double* top_post;
};
void fused_screen(const ScreenArgs& args, cudaStream_t stream);

// auto: every candidate re-checked in f64; violations appended to hits.
void recheck(const Candidate* candidates, std::size_t n, const double* lodf64, std::size_t ld,
             const double* base64, const double* outv64, std::size_t ldh, const double* limit,
             int h0, Hit* hits, unsigned long long* n_hits, std::size_t capacity,
             cudaStream_t stream);

// Every (monitored, hour) with top_n > 0 as a TopRecord.
void compact_top(std::size_t n_monitored, std::size_t hc, int h0, int top_k,
                 const std::uint8_t* top_n, const std::int32_t* top_column, const double* top_post,
                 TopRecord* out, unsigned long long* n_out, cudaStream_t stream);

}  // namespace gat::gpu::screen
