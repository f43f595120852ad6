// Device-side ordering of the screen's results (screen_order.cu).
#pragma once

#include <cuda_runtime.h>

#include "gpu/memory.hpp"
#include "gpu/screen_kernels.hpp"

namespace gat::gpu::screen {

struct SortScratch {
  DeviceBuffer<unsigned long long> keys, keys_out;
  DeviceBuffer<unsigned> index, index_out;
  DeviceBuffer<Hit> hits;
  DeviceBuffer<unsigned char> temp;
};

// hits[0, n) in place, by (hour, column, monitored).
void sort_violations(Hit* hits, std::size_t n, SortScratch& scratch, cudaStream_t stream);

// records[0, n) in place, by (hour, monitored).
void sort_top(TopRecord* records, std::size_t n, SortScratch& scratch, cudaStream_t stream);

// The top_k worst columns of every (hour, monitored) among hits[0, n), as records in
// (hour, monitored) order; leaves hits sorted by (hour, monitored, column). Returns the count.
std::size_t top_from_violations(Hit* hits, std::size_t n, const double* rate, int top_k,
                                DeviceBuffer<TopRecord>& out, SortScratch& scratch,
                                cudaStream_t stream);

// records[0, n) as one entry per (record, rank), in order, into out; returns the count.
std::size_t flatten_top(const TopRecord* records, std::size_t n, DeviceBuffer<TopEntry>& out,
                        SortScratch& scratch, cudaStream_t stream);

}  // namespace gat::gpu::screen
