// Ordering of the screen's results on the device, so the host only copies them: violations
// by (hour, outage column, monitored row) — the order of the CPU's reduce, since columns
// follow the outage list and monitored rows the branch order — and top-K records by (hour,
// monitored row). In auto precision the top-K comes from the confirmed violations here: sorted
// by (hour, monitored, column), each run of one (hour, monitored) keeps its K worst.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include "gat/core/error.hpp"
#include "gpu/memory.hpp"
#include "gpu/screen_order.hpp"

namespace gat::gpu::screen {

namespace {

constexpr int kFieldBits = 21;  // column and monitored row below 2^21; hours below 2^22

__device__ __forceinline__ unsigned long long violation_key(const Hit& h) {
  return (static_cast<unsigned long long>(h.hour) << (2 * kFieldBits)) |
         (static_cast<unsigned long long>(h.column) << kFieldBits) |
         static_cast<unsigned>(h.monitored);
}
__device__ __forceinline__ unsigned long long element_key(const Hit& h) {
  return (static_cast<unsigned long long>(h.hour) << (2 * kFieldBits)) |
         (static_cast<unsigned long long>(h.monitored) << kFieldBits) |
         static_cast<unsigned>(h.column);
}

__global__ void hit_keys_kernel(const Hit* __restrict__ hits, std::size_t n, bool by_element,
                                unsigned long long* keys, unsigned* index) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  keys[i] = by_element ? element_key(hits[i]) : violation_key(hits[i]);
  index[i] = static_cast<unsigned>(i);
}

template <class T>
__global__ void gather_kernel(const T* __restrict__ in, const unsigned* __restrict__ index,
                              std::size_t n, T* __restrict__ out) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = in[index[i]];
}

__global__ void top_keys_kernel(const TopRecord* __restrict__ r, std::size_t n,
                                unsigned long long* keys, unsigned* index) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  keys[i] =
      (static_cast<unsigned long long>(r[i].hour) << 32) | static_cast<unsigned>(r[i].monitored);
  index[i] = static_cast<unsigned>(i);
}

// 1 where a run of one (hour, monitored) starts in the element-sorted keys.
__global__ void heads_kernel(const unsigned long long* __restrict__ keys, std::size_t n,
                             unsigned* head) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  head[i] = i == 0 || (keys[i] >> kFieldBits) != (keys[i - 1] >> kFieldBits);
}

// The run starting at i: its K worst by loading, ties to the lower column (the run is in
// column order, so a later equal loading goes after), as the CPU's reduce ranks them.
__global__ void top_of_runs_kernel(const Hit* __restrict__ sorted,
                                   const unsigned long long* __restrict__ keys,
                                   const unsigned* __restrict__ head,
                                   const unsigned* __restrict__ slot, std::size_t n,
                                   const double* __restrict__ rate, int k, TopRecord* out) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n || !head[i]) return;
  double loading[kMaxTopK];
  int which[kMaxTopK];
  int count = 0;
  const unsigned long long run = keys[i] >> kFieldBits;
  const double r = rate[sorted[i].monitored];
  for (std::size_t j = i; j < n && (keys[j] >> kFieldBits) == run; ++j) {
    const double x = fabs(sorted[j].post) / r;
    int at = count;
    while (at > 0 && loading[at - 1] < x) --at;
    if (at >= k) continue;
    for (int m = min(count, k - 1); m > at; --m) {
      loading[m] = loading[m - 1];
      which[m] = which[m - 1];
    }
    loading[at] = x;
    which[at] = static_cast<int>(j - i);
    count = min(count + 1, k);
  }
  TopRecord& t = out[slot[i]];
  t.monitored = sorted[i].monitored;
  t.hour = sorted[i].hour;
  t.count = count;
  for (int m = 0; m < count; ++m) {
    t.column[m] = sorted[i + which[m]].column;
    t.post[m] = sorted[i + which[m]].post;
  }
}

__global__ void counts_kernel(const TopRecord* __restrict__ r, std::size_t n, unsigned* count) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) count[i] = static_cast<unsigned>(r[i].count);
}

__global__ void flatten_kernel(const TopRecord* __restrict__ r, std::size_t n,
                               const unsigned* __restrict__ offset, TopEntry* out) {
  const std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  for (int j = 0; j < r[i].count; ++j)
    out[offset[i] + j] = {r[i].monitored, r[i].hour, j + 1, r[i].column[j], r[i].post[j]};
}

void check_sizes(std::size_t n) {
  if (n > 0x7fffffffu) throw Error("screen (cuda): more than 2^31 violations in one hour chunk");
}

// keys/index sorted in place through the scratch's second buffers.
void radix_sort(SortScratch& s, std::size_t n, int end_bit, cudaStream_t stream) {
  std::size_t bytes = 0;
  GAT_CUDA(cub::DeviceRadixSort::SortPairs(nullptr, bytes, s.keys.data(), s.keys_out.data(),
                                           s.index.data(), s.index_out.data(), static_cast<int>(n),
                                           0, end_bit, stream));
  s.temp.resize(bytes);
  GAT_CUDA(cub::DeviceRadixSort::SortPairs(s.temp.data(), bytes, s.keys.data(), s.keys_out.data(),
                                           s.index.data(), s.index_out.data(), static_cast<int>(n),
                                           0, end_bit, stream));
}

void reserve(SortScratch& s, std::size_t n) {
  s.keys.resize(n), s.keys_out.resize(n), s.index.resize(n), s.index_out.resize(n);
}

void sort_hits_by(Hit* hits, std::size_t n, bool by_element, SortScratch& s, cudaStream_t stream) {
  reserve(s, n);
  s.hits.resize(n);
  hit_keys_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(hits, n, by_element, s.keys.data(),
                                                          s.index.data());
  GAT_CUDA_LAUNCH("hit_keys_kernel");
  radix_sort(s, n, 64, stream);
  gather_kernel<Hit>
      <<<blocks_for(n, 256), 256, 0, stream>>>(hits, s.index_out.data(), n, s.hits.data());
  GAT_CUDA_LAUNCH("gather_kernel");
  GAT_CUDA(cudaMemcpyAsync(hits, s.hits.data(), n * sizeof(Hit), cudaMemcpyDeviceToDevice, stream));
}

}  // namespace

void sort_violations(Hit* hits, std::size_t n, SortScratch& scratch, cudaStream_t stream) {
  check_sizes(n);
  if (n > 1) sort_hits_by(hits, n, false, scratch, stream);
}

void sort_top(TopRecord* records, std::size_t n, SortScratch& s, cudaStream_t stream) {
  check_sizes(n);
  if (n <= 1) return;
  reserve(s, n);
  DeviceBuffer<TopRecord> sorted(n);
  top_keys_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(records, n, s.keys.data(),
                                                          s.index.data());
  GAT_CUDA_LAUNCH("top_keys_kernel");
  radix_sort(s, n, 64, stream);
  gather_kernel<TopRecord>
      <<<blocks_for(n, 256), 256, 0, stream>>>(records, s.index_out.data(), n, sorted.data());
  GAT_CUDA_LAUNCH("gather_kernel");
  GAT_CUDA(cudaMemcpyAsync(records, sorted.data(), n * sizeof(TopRecord), cudaMemcpyDeviceToDevice,
                           stream));
  GAT_CUDA(cudaStreamSynchronize(stream));  // `sorted` is freed on return
}

std::size_t flatten_top(const TopRecord* records, std::size_t n, DeviceBuffer<TopEntry>& out,
                        SortScratch& s, cudaStream_t stream) {
  check_sizes(n);
  if (n == 0) return 0;
  DeviceBuffer<unsigned> count(n), offset(n);
  counts_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(records, n, count.data());
  GAT_CUDA_LAUNCH("counts_kernel");
  std::size_t bytes = 0;
  GAT_CUDA(cub::DeviceScan::ExclusiveSum(nullptr, bytes, count.data(), offset.data(),
                                         static_cast<int>(n), stream));
  s.temp.resize(bytes);
  GAT_CUDA(cub::DeviceScan::ExclusiveSum(s.temp.data(), bytes, count.data(), offset.data(),
                                         static_cast<int>(n), stream));
  unsigned last_offset = 0, last_count = 0;
  GAT_CUDA(cudaMemcpyAsync(&last_offset, offset.data() + n - 1, sizeof(unsigned),
                           cudaMemcpyDeviceToHost, stream));
  GAT_CUDA(cudaMemcpyAsync(&last_count, count.data() + n - 1, sizeof(unsigned),
                           cudaMemcpyDeviceToHost, stream));
  GAT_CUDA(cudaStreamSynchronize(stream));
  const std::size_t total = static_cast<std::size_t>(last_offset) + last_count;
  out.resize(total);
  flatten_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(records, n, offset.data(), out.data());
  GAT_CUDA_LAUNCH("flatten_kernel");
  GAT_CUDA(cudaStreamSynchronize(stream));  // count and offset are freed on return
  return total;
}

std::size_t top_from_violations(Hit* hits, std::size_t n, const double* rate, int top_k,
                                DeviceBuffer<TopRecord>& out, SortScratch& s, cudaStream_t stream) {
  check_sizes(n);
  if (n == 0 || top_k <= 0) return 0;
  if (top_k > kMaxTopK) throw UsageError("screen (cuda): top_k above 16");
  sort_hits_by(hits, n, true, s, stream);
  // The element-sorted keys are in keys_out; heads and their slots by an exclusive scan.
  DeviceBuffer<unsigned> head(n), slot(n);
  heads_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(s.keys_out.data(), n, head.data());
  GAT_CUDA_LAUNCH("heads_kernel");
  std::size_t bytes = 0;
  GAT_CUDA(cub::DeviceScan::ExclusiveSum(nullptr, bytes, head.data(), slot.data(),
                                         static_cast<int>(n), stream));
  s.temp.resize(bytes);
  GAT_CUDA(cub::DeviceScan::ExclusiveSum(s.temp.data(), bytes, head.data(), slot.data(),
                                         static_cast<int>(n), stream));
  unsigned last_slot = 0, last_head = 0;
  GAT_CUDA(cudaMemcpyAsync(&last_slot, slot.data() + n - 1, sizeof(unsigned),
                           cudaMemcpyDeviceToHost, stream));
  GAT_CUDA(cudaMemcpyAsync(&last_head, head.data() + n - 1, sizeof(unsigned),
                           cudaMemcpyDeviceToHost, stream));
  GAT_CUDA(cudaStreamSynchronize(stream));
  const std::size_t runs = static_cast<std::size_t>(last_slot) + last_head;
  out.resize(runs);
  top_of_runs_kernel<<<blocks_for(n, 256), 256, 0, stream>>>(
      hits, s.keys_out.data(), head.data(), slot.data(), n, rate, top_k, out.data());
  GAT_CUDA_LAUNCH("top_of_runs_kernel");
  GAT_CUDA(cudaStreamSynchronize(stream));  // head and slot are freed on return
  return runs;
}

}  // namespace gat::gpu::screen
