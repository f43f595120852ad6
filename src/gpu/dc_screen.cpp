// CudaDevice::screen_dc: the fused N-1 DC screen on the device.
//
// Per block of outage columns (one block when the LODF fits, which it does at 13659pegase
// scale on an H200), the LODF columns are built once from B' and stay resident; per chunk of
// hours the base flows are solved on the device, bounds give each tile of monitored rows the
// columns that can violate, and the fused kernel checks
//   |P_h,m + LODF(m, k) · P_h,k| > limit_m
// for every (m, k, h) of the plan without writing any post-contingency flow to memory.
//
// auto precision: the screen runs in f32 against limit − tol, tol = 4u(max|P_m| +
// max_k|LODF(m, k)| · max|P_k| + limit), u = 2⁻²⁴ (screen_prep.cu shows why it covers the
// f32 rounding), and every f32 hit is re-checked with the CPU's f64 fused multiply-add, so the
// violations are exactly the f64 ones.
#include <algorithm>
#include <chrono>

#include "gat/core/error.hpp"
#include "gat/linalg/lu_factors.hpp"
#include "gpu/cuda_device.hpp"
#include "gpu/factor_solve.hpp"
#include "gpu/screen_kernels.hpp"
#include "gpu/screen_order.hpp"

namespace gat::gpu {

namespace {

using screen::Mode;

class Clock {
 public:
  explicit Clock(cudaStream_t s) : stream_(s) {}
  // Seconds since the last lap, after the stream has drained.
  double lap() {
    GAT_CUDA(cudaStreamSynchronize(stream_));
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  cudaStream_t stream_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

template <class T>
DeviceBuffer<T> to_device(std::span<const T> host, cudaStream_t s) {
  DeviceBuffer<T> d;
  d.upload(host, s);
  return d;
}

struct FlowRowsOnDevice {
  DeviceBuffer<double> b, shift, from_angle, to_angle;
  DeviceBuffer<std::int32_t> from, to;
  FlowRowsOnDevice(const accel::DcScreenProblem::FlowRows& r, cudaStream_t s)
      : b(to_device(r.b, s)),
        shift(to_device(r.shift_rad, s)),
        from_angle(to_device(r.from_angle, s)),
        to_angle(to_device(r.to_angle, s)),
        from(to_device(r.from, s)),
        to(to_device(r.to, s)) {}
  screen::FlowRowsDevice view(std::size_t offset, std::size_t n) const {
    return {b.data() + offset,
            shift.data() + offset,
            from_angle.data() + offset,
            to_angle.data() + offset,
            from.data() + offset,
            to.data() + offset,
            n};
  }
};

void check_sizes(const accel::DcScreenProblem& p) {
  const std::size_t nm = p.monitored.size(), nc = p.outaged.size();
  auto same = [](std::size_t a, std::size_t b, const char* what) {
    if (a != b) throw UsageError(std::string("screen_dc (cuda): ") + what + " has the wrong size");
  };
  if (p.factors == nullptr) throw UsageError("screen_dc (cuda): no factors");
  same(p.p_bus.size(), p.n_buses * p.n_hours, "p_bus");
  same(p.unknown_bus.size(), static_cast<std::size_t>(p.factors->size()), "unknown_bus");
  same(p.rhs_constant.size(), p.unknown_bus.size(), "rhs_constant");
  same(p.limit.size(), nm, "limit");
  same(p.rate.size(), nm, "rate");
  same(p.rhs_pos.size(), 2 * nc, "rhs_pos");
  same(p.rhs_value.size(), 2 * nc, "rhs_value");
  same(p.own.size(), nc, "own");
  same(p.own_monitored.size(), nc, "own_monitored");
  if (p.top_k > screen::kMaxTopK) throw UsageError("screen_dc (cuda): top_k above 16");
}

// Everything one hour chunk needs, sized for hc hours.
struct ChunkBuffers {
  DeviceBuffer<double> p_bus, theta, base64, outv64, bmax, bmin, omax, omin, pmax, prune_limit;
  DeviceBuffer<float> base32, outv32, thr32;
  DeviceBuffer<std::int32_t> klist, kcount;
  DeviceBuffer<std::uint8_t> top_n;
  DeviceBuffer<double> top_loading, top_post;
  DeviceBuffer<std::int32_t> top_column;
};

}  // namespace

accel::DcScreenOutput CudaDevice::screen_dc(const accel::DcScreenProblem& p) {
  check_sizes(p);
  activate();
  const cudaStream_t s = stream();
  Clock clock(s);
  accel::DcScreenOutput out;
  auto& st = out.stats;
  const Mode mode = p.precision == accel::Precision::kF64   ? Mode::kF64
                    : p.precision == accel::Precision::kF32 ? Mode::kF32
                                                            : Mode::kAuto;
  const bool single = mode != Mode::kF64;
  const std::size_t nm = p.monitored.size(), nc = p.outaged.size(), nt = p.n_hours, nb = p.n_buses;
  out.islanding.assign(nc, 0);
  if (nm == 0 || nc == 0 || nt == 0) return out;

  // --- inputs that every chunk shares --------------------------------------------------
  const DeviceFactors factors(*p.factors, s, false);
  const std::size_t n = static_cast<std::size_t>(factors.n());
  const auto& lu = *p.factors;
  std::vector<std::int32_t> pos(n);
  std::vector<double> scale(n);
  for (std::size_t u = 0; u < n; ++u) {
    pos[u] = lu.rhs_position(static_cast<std::int32_t>(u));
    scale[u] = lu.rhs_scale(pos[u]);
  }
  const auto d_pos = to_device<std::int32_t>(pos, s);
  const auto d_scale = to_device<double>(scale, s);
  const auto d_bus = to_device(p.unknown_bus, s);
  const auto d_rhs0 = to_device(p.rhs_constant, s);
  const FlowRowsOnDevice mon(p.monitored, s), outaged(p.outaged, s);
  const auto d_limit = to_device(p.limit, s);
  const auto d_rate = to_device(p.rate, s);
  const auto d_rhs_pos = to_device(p.rhs_pos, s);
  const auto d_rhs_value = to_device(p.rhs_value, s);
  const auto d_own_b = to_device(p.own.b, s);
  const auto d_own_from = to_device(p.own.from, s);
  const auto d_own_to = to_device(p.own.to, s);
  const auto d_own_mon = to_device(p.own_monitored, s);
  // The monitored rows' gather rows into X for ψ: solution positions, n for grounded ends.
  std::vector<std::int32_t> mf(nm), mt(nm);
  for (std::size_t m = 0; m < nm; ++m) {
    mf[m] = p.monitored.from[m] >= 0 ? p.monitored.from[m] : static_cast<std::int32_t>(n);
    mt[m] = p.monitored.to[m] >= 0 ? p.monitored.to[m] : static_cast<std::int32_t>(n);
  }
  const auto d_mf = to_device<std::int32_t>(mf, s);
  const auto d_mt = to_device<std::int32_t>(mt, s);
  st.seconds_upload += clock.lap();

  // --- memory plan ---------------------------------------------------------------------
  const std::size_t t_bytes = single ? 12 : 8;  // f64 (+ f32) per value
  const std::size_t budget = free_bytes();
  const std::size_t lodf_all = nc * nm * t_bytes;
  std::size_t cb = nc;  // columns per block
  if (lodf_all > budget / 2) cb = std::max<std::size_t>(256, (budget / 2) / (nm * t_bytes));
  cb = std::min(cb, nc);
  const std::size_t n_blocks = (nc + cb - 1) / cb;
  // Top-K on the device: in the screen's own pass (f64, f32), or from the confirmed
  // violations (auto). Several column blocks would need top-K state across them: then the
  // host ranks.
  const bool device_top = p.top_k > 0 && n_blocks == 1;
  const bool in_pass_top = device_top && mode != Mode::kAuto;
  const std::size_t tiles = (nm + screen::kRows - 1) / screen::kRows;
  const std::size_t per_hour =
      (n + 1) * 8 + nb * 8 + (nm + cb) * t_bytes + (in_pass_top ? nm * (1 + p.top_k * 20) : 0);
  const std::size_t fixed = cb * nm * t_bytes + tiles * cb * 4 + (std::size_t{64} << 20);
  if (fixed + per_hour > budget)
    throw Error("screen_dc (cuda): " + std::to_string(nm) + " monitored × " + std::to_string(cb) +
                " outage columns do not fit in device memory");
  const std::size_t hc_max = std::min(nt, (budget - fixed) / per_hour);
  const std::size_t n_chunks = (nt + hc_max - 1) / hc_max;
  const std::size_t hc_size = (nt + n_chunks - 1) / n_chunks;
  st.hour_chunks = n_chunks * n_blocks;

  DeviceBuffer<double> lodf64(cb * nm), inv(cb), lmax(nm);
  DeviceBuffer<float> lodf32(single ? cb * nm : 0);
  DeviceBuffer<std::uint8_t> islanding(cb);
  ChunkBuffers c;
  std::size_t capacity =
      std::max<std::size_t>(1 << 20, p.max_violations > 0 ? p.max_violations : 0);
  DeviceBuffer<screen::Hit> hits(capacity);
  DeviceBuffer<screen::Candidate> candidates(single ? capacity : 0);
  DeviceBuffer<unsigned long long> counters(2);
  static_assert(sizeof(screen::Hit) == sizeof(accel::DcScreenOutput::Hit));
  static_assert(sizeof(screen::TopEntry) == sizeof(accel::DcScreenOutput::Top));
  screen::SortScratch scratch;
  DeviceBuffer<screen::TopRecord> records;
  DeviceBuffer<screen::TopEntry> entries;

  for (std::size_t c0 = 0; c0 < nc; c0 += cb) {
    const std::size_t ncb = std::min(cb, nc - c0);
    // --- LODF columns of the block: X = B'⁻¹ (e_f − e_t), sub-blocks that fit ---------------
    {
      const std::size_t room = free_bytes();
      std::size_t cs = std::min(ncb, std::max<std::size_t>(32, room / 2 / ((n + 1) * 8)));
      DeviceBuffer<double> x((n + 1) * cs);
      for (std::size_t j0 = 0; j0 < ncb; j0 += cs) {
        const std::size_t ns = std::min(cs, ncb - j0), g = c0 + j0;
        x.zero(s);
        scatter_rhs<double>(x.data(), ns, ns, d_rhs_pos.data() + 2 * g, d_rhs_value.data() + 2 * g,
                            s);
        factors.solve<double>(x.data(), ns, ns, s);
        screen::lodf_denominators(x.data(), ns, ns, d_own_b.data() + g, d_own_from.data() + g,
                                  d_own_to.data() + g, inv.data() + j0, islanding.data() + j0, s);
        screen::lodf_columns(x.data(), ns, ns, nm, mon.b.data(), d_mf.data(), d_mt.data(),
                             inv.data() + j0, d_own_mon.data() + g, lodf64.data() + j0 * nm,
                             single ? lodf32.data() + j0 * nm : nullptr, nm, s);
      }
      lmax.zero(s);
      screen::lodf_row_max(lodf64.data(), nm, ncb, nm, islanding.data(), lmax.data(), s);
      std::vector<std::uint8_t> isl(ncb);
      islanding.download(isl, s);
      GAT_CUDA(cudaStreamSynchronize(s));
      std::copy(isl.begin(), isl.end(), out.islanding.begin() + static_cast<std::ptrdiff_t>(c0));
      st.seconds_lodf += clock.lap();
    }

    for (std::size_t h0 = 0; h0 < nt; h0 += hc_size) {
      const std::size_t hc = std::min(hc_size, nt - h0);
      const std::size_t ldh = hc;
      // --- base flows of the chunk: B'_r θ = P − P_shift − B'(:, ref) θ_ref ---------------
      c.p_bus.upload(p.p_bus.subspan(h0 * nb, hc * nb), s);
      c.theta.resize((n + 1) * hc);
      screen::theta_rhs(c.theta.data(), hc, hc, n, c.p_bus.data(), nb, d_pos.data(), d_scale.data(),
                        d_bus.data(), d_rhs0.data(), s);
      st.seconds_upload += clock.lap();
      factors.solve<double>(c.theta.data(), hc, hc, s);
      c.base64.resize(nm * ldh);
      c.outv64.resize(ncb * ldh);
      c.base32.resize(single ? nm * ldh : 0);
      c.outv32.resize(single ? ncb * ldh : 0);
      screen::flow_rows(c.theta.data(), hc, hc, mon.view(0, nm), c.base64.data(),
                        single ? c.base32.data() : nullptr, ldh, s);
      screen::flow_rows(c.theta.data(), hc, hc, outaged.view(c0, ncb), c.outv64.data(),
                        single ? c.outv32.data() : nullptr, ldh, s);
      st.seconds_flows += clock.lap();

      // --- bounds, thresholds and the plan --------------------------------------------
      c.bmax.resize(nm), c.bmin.resize(nm), c.omax.resize(ncb), c.omin.resize(ncb),
          c.pmax.resize(1);
      c.prune_limit.resize(nm), c.thr32.resize(nm);
      screen::row_extremes(c.base64.data(), ldh, hc, nm, c.bmax.data(), c.bmin.data(), s);
      screen::row_extremes(c.outv64.data(), ldh, hc, ncb, c.omax.data(), c.omin.data(), s);
      screen::column_abs_max(c.omax.data(), c.omin.data(), islanding.data(), ncb, c.pmax.data(), s);
      screen::thresholds(mode, nm, d_limit.data(), c.bmax.data(), c.bmin.data(), lmax.data(),
                         c.pmax.data(), c.thr32.data(), c.prune_limit.data(), s);
      c.klist.resize(tiles * ncb);
      c.kcount.resize(tiles);
      screen::plan(lodf64.data(), nm, nm, ncb, c.bmax.data(), c.bmin.data(), c.omax.data(),
                   c.omin.data(), c.prune_limit.data(), islanding.data(), p.prune, c.klist.data(),
                   ncb, c.kcount.data(), s);
      std::vector<std::int32_t> kcount(tiles);
      c.kcount.download(kcount, s);
      st.seconds_plan += clock.lap();
      for (std::size_t t = 0; t < tiles; ++t) {
        const std::size_t rows = std::min<std::size_t>(screen::kRows, nm - t * screen::kRows);
        st.pairs_checked += static_cast<std::uint64_t>(kcount[t]) * rows;
        st.checks += static_cast<std::uint64_t>(kcount[t]) * rows * hc;
        const std::size_t hour_tiles = (hc + 255) / 256;
        const std::size_t tb = single ? 4 : 8;
        st.bytes_moved += static_cast<std::uint64_t>(kcount[t]) *
                          (screen::kRows * tb * hour_tiles + hc * tb + 4 * hour_tiles);
      }
      st.bytes_moved += nm * hc * (single ? 4 : 8);
      st.pairs_total += static_cast<std::uint64_t>(nm) * ncb;

      // --- the fused screen (again with more room if the output overflowed) -------------
      screen::ScreenArgs a{};
      a.mode = mode;
      a.n_monitored = nm, a.n_cols = ncb, a.hc = hc, a.ldh = ldh, a.lodf_ld = nm;
      a.h0 = static_cast<int>(h0);
      a.lodf = single ? static_cast<const void*>(lodf32.data()) : lodf64.data();
      a.base = single ? static_cast<const void*>(c.base32.data()) : c.base64.data();
      a.outv = single ? static_cast<const void*>(c.outv32.data()) : c.outv64.data();
      a.thr = single ? static_cast<const void*>(c.thr32.data()) : d_limit.data();
      a.klist = c.klist.data(), a.klist_ld = ncb, a.kcount = c.kcount.data();
      a.base64 = c.base64.data(), a.rate = d_rate.data();
      a.top_k = in_pass_top ? static_cast<int>(p.top_k) : 0;
      if (in_pass_top) {
        c.top_n.resize(nm * hc), c.top_loading.resize(nm * hc * p.top_k);
        c.top_post.resize(nm * hc * p.top_k), c.top_column.resize(nm * hc * p.top_k);
        a.top_n = c.top_n.data(), a.top_loading = c.top_loading.data();
        a.top_post = c.top_post.data(), a.top_column = c.top_column.data();
      }
      unsigned long long found = 0;
      for (;;) {
        a.hits = hits.data(), a.candidates = candidates.data(), a.capacity = capacity;
        a.n_out = counters.data();
        counters.zero(s);
        if (in_pass_top) c.top_n.zero(s);
        screen::fused_screen(a, s);
        counters.download(std::span(&found, 1), s);
        GAT_CUDA(cudaStreamSynchronize(s));
        if (found <= capacity) break;
        if (p.max_violations > 0 && found > p.max_violations && mode != Mode::kAuto) {
          out.truncated = true;
          found = capacity;
          break;
        }
        capacity = found + found / 4;
        hits.resize(capacity);
        if (single) candidates.resize(capacity);
      }
      st.seconds_screen += clock.lap();
      if (mode == Mode::kAuto) {
        st.candidates += found;
        unsigned long long confirmed = 0;
        counters.zero(s);
        screen::recheck(candidates.data(), found, lodf64.data(), nm, c.base64.data(),
                        c.outv64.data(), ldh, d_limit.data(), static_cast<int>(h0), hits.data(),
                        counters.data(), capacity, s);
        counters.download(std::span(&confirmed, 1), s);
        GAT_CUDA(cudaStreamSynchronize(s));
        found = confirmed;  // never above the candidates, so within capacity
        st.seconds_recheck += clock.lap();
      }
      // --- top-K and the order of the CPU's reduce, on the device ------------------------
      std::size_t n_top = 0;
      if (in_pass_top && found > 0 && !out.truncated) {
        records.resize(std::min<std::size_t>(found, nm * hc));
        counters.zero(s);
        screen::compact_top(nm, hc, static_cast<int>(h0), static_cast<int>(p.top_k), c.top_n.data(),
                            c.top_column.data(), c.top_post.data(), records.data(), counters.data(),
                            s);
        unsigned long long counted = 0;
        counters.download(std::span(&counted, 1), s);
        GAT_CUDA(cudaStreamSynchronize(s));
        n_top = counted;
        screen::sort_top(records.data(), n_top, scratch, s);
      } else if (device_top && mode == Mode::kAuto) {
        n_top = screen::top_from_violations(hits.data(), found, d_rate.data(),
                                            static_cast<int>(p.top_k), records, scratch, s);
      }
      screen::sort_violations(hits.data(), found, scratch, s);
      const std::size_t n_entries = screen::flatten_top(records.data(), n_top, entries, scratch, s);
      st.seconds_order += clock.lap();
      // --- results of the chunk straight into the output --------------------------------
      const std::size_t before = out.violations.size();
      out.violations.resize(before + found);
      GAT_CUDA(cudaMemcpyAsync(out.violations.data() + before, hits.data(),
                               found * sizeof(screen::Hit), cudaMemcpyDeviceToHost, s));
      const std::size_t t0 = out.top.size();
      out.top.resize(t0 + n_entries);
      if (n_entries > 0) {
        GAT_CUDA(cudaMemcpyAsync(out.top.data() + t0, entries.data(),
                                 n_entries * sizeof(screen::TopEntry), cudaMemcpyDeviceToHost, s));
      }
      GAT_CUDA(cudaStreamSynchronize(s));
      if (c0 > 0) {
        for (std::size_t i = before; i < out.violations.size(); ++i)
          out.violations[i].column += static_cast<std::int32_t>(c0);
      }
      st.seconds_download += clock.lap();
    }
  }

  out.has_top = device_top && !out.truncated;
  if (!out.has_top) out.top.clear();
  out.sorted = n_blocks == 1;
  return out;
}

}  // namespace gat::gpu
