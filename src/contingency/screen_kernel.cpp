#include "contingency/screen_kernel.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>

namespace gat::contingency::detail {

namespace {

// The pruning bound is compared with a limit shrunk by a few ulps, so that rounding in the
// bound (or the FMA in the check) can never prune a pair whose flow is at the limit.
constexpr double kPruneMargin = 1.0 - 1e-12;

// Off the hot path: called only for flows above the limit.
void record(const BlockTile& tile, const MonitoredFlows& mon, std::size_t l, std::size_t h,
            std::size_t j, double post, std::vector<Violation>& out) {
  const double pre = mon.flows(l)[h];
  if (!mon.report.reported(pre, post, mon.limit[l])) return;
  out.push_back(
      {tile.contingency[j], mon.branch[l], static_cast<std::int32_t>(h), pre, post, mon.rate[l]});
}

// Portable version: the same arithmetic, column by column.
std::uint64_t check_block_scalar(const BlockTile& tile, const MonitoredFlows& mon, bool prune,
                                 std::vector<Violation>& out) {
  std::uint64_t checked = 0;
  const std::size_t nh = mon.n_hours, nc = tile.n_cols;
  for (std::size_t l = 0; l < mon.n_monitored; ++l) {
    const double* t = tile.lodf + l * kTile;
    const double r = mon.limit[l], rp = r * kPruneMargin;
    if (prune) {
      bool possible = false;
      for (std::size_t j = 0; j < nc && !possible; ++j) {
        const double a = t[j] * tile.outaged_max[j], b = t[j] * tile.outaged_min[j];
        possible = mon.base_max[l] + std::max(a, b) > rp || mon.base_min[l] + std::min(a, b) < -rp;
      }
      if (!possible) continue;
    }
    checked += nc;
    const double* f = mon.flows(l);
    for (std::size_t h = 0; h < nh; ++h) {
      const double* o = tile.outaged + h * kTile;
      for (std::size_t j = 0; j < nc; ++j) {
        const double post = f[h] + t[j] * o[j];
        if (std::abs(post) > r) record(tile, mon, l, h, j, post, out);
      }
    }
  }
  return checked;
}

// Bits 4i..4i+3: lanes of v[i] above (or below) r.
[[gnu::target("avx2,fma"), gnu::always_inline]] inline unsigned above(const __m256d* v, __m256d r) {
  unsigned m = 0;
  for (int i = 0; i < 4; ++i) {
    m |= static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(v[i], r, _CMP_GT_OQ))) << (4 * i);
  }
  return m;
}
[[gnu::target("avx2,fma"), gnu::always_inline]] inline unsigned below(const __m256d* v, __m256d r) {
  unsigned m = 0;
  for (int i = 0; i < 4; ++i) {
    m |= static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(v[i], r, _CMP_LT_OQ))) << (4 * i);
  }
  return m;
}

// AVX2: the 16 columns of a tile row are four vectors; per (l, h) four FMAs, four compares
// and one branch that is almost never taken.
[[gnu::target("avx2,fma")]] std::uint64_t check_block_avx2(const BlockTile& tile,
                                                           const MonitoredFlows& mon, bool prune,
                                                           std::vector<Violation>& out) {
  std::uint64_t checked = 0;
  const std::size_t nh = mon.n_hours, nc = tile.n_cols;
  const unsigned valid = nc >= 16 ? 0xFFFFu : ((1u << nc) - 1u);
  const __m256d sign = _mm256_set1_pd(-0.0);
  __m256d omax[4], omin[4];
  for (int i = 0; i < 4; ++i) {
    omax[i] = _mm256_loadu_pd(tile.outaged_max + 4 * i);
    omin[i] = _mm256_loadu_pd(tile.outaged_min + 4 * i);
  }
  for (std::size_t l = 0; l < mon.n_monitored; ++l) {
    const double* t = tile.lodf + l * kTile;
    __m256d tv[4];
    for (int i = 0; i < 4; ++i) tv[i] = _mm256_loadu_pd(t + 4 * i);
    const __m256d r = _mm256_set1_pd(mon.limit[l]);
    if (prune) {
      __m256d hi[4], lo[4];
      const __m256d fmax = _mm256_set1_pd(mon.base_max[l]), fmin = _mm256_set1_pd(mon.base_min[l]);
      for (int i = 0; i < 4; ++i) {
        const __m256d a = _mm256_mul_pd(tv[i], omax[i]), b = _mm256_mul_pd(tv[i], omin[i]);
        hi[i] = _mm256_add_pd(fmax, _mm256_max_pd(a, b));
        lo[i] = _mm256_add_pd(fmin, _mm256_min_pd(a, b));
      }
      const __m256d rp = _mm256_set1_pd(mon.limit[l] * kPruneMargin);
      const __m256d neg_rp = _mm256_xor_pd(rp, sign);
      if (((above(hi, rp) | below(lo, neg_rp)) & valid) == 0) continue;
    }
    checked += nc;
    const double* f = mon.flows(l);
    for (std::size_t h = 0; h < nh; ++h) {
      const __m256d base = _mm256_broadcast_sd(f + h);
      const double* o = tile.outaged + h * kTile;
      __m256d post[4], mag[4];
      for (int i = 0; i < 4; ++i) {
        post[i] = _mm256_fmadd_pd(tv[i], _mm256_loadu_pd(o + 4 * i), base);
        mag[i] = _mm256_andnot_pd(sign, post[i]);
      }
      unsigned hit = above(mag, r) & valid;
      if (!hit) continue;
      alignas(32) double p[kTile];
      for (int i = 0; i < 4; ++i) _mm256_store_pd(p + 4 * i, post[i]);
      while (hit) {
        const auto j = static_cast<std::size_t>(__builtin_ctz(hit));
        hit &= hit - 1;
        record(tile, mon, l, h, j, p[j], out);
      }
    }
  }
  return checked;
}

}  // namespace

std::uint64_t check_block(const BlockTile& tile, const MonitoredFlows& mon, bool prune,
                          std::vector<Violation>& out) {
  static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has_avx2 ? check_block_avx2(tile, mon, prune, out)
                  : check_block_scalar(tile, mon, prune, out);
}

}  // namespace gat::contingency::detail
