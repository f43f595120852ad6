// A FactoredSolver on the device: the same L, U, F block factors, solved for many right-hand
// sides at once, one thread per right-hand side, each repeating the CPU's operation order
//   block by block, last first:  L z' = y (forward),  U z = z' (backward),  y_above −= F z
// with x_i −= a · x_k as one fused multiply-add (the CPU's AVX2 path) and zero entries
// skipped. f64 solutions are therefore the CPU's to the bit (up to the sign of zeros).
//
// Right-hand sides are interleaved as on the CPU: X(i, j) at x[i * ld + j], so a warp's 32
// threads touch 32 consecutive values of one row at every step. X has n + 1 rows; the last
// stays 0 and stands for a grounded bus.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "gpu/memory.hpp"

namespace gat::linalg {
class FactoredSolver;
}

namespace gat::gpu {

template <class T>
struct FactorPointers {
  std::int32_t n = 0, n_blocks = 0;
  const std::int32_t *blocks, *l_ptr, *l_start, *l_idx, *u_ptr, *u_end, *u_idx, *f_ptr, *f_idx;
  const T *l_val, *u_val, *f_val, *inv_diag;
};

class DeviceFactors {
 public:
  DeviceFactors(const linalg::FactoredSolver& lu, cudaStream_t stream, bool single);

  std::int32_t n() const { return n_; }
  // Solves n_cols interleaved right-hand sides in x (n + 1 rows, leading dimension ld).
  template <class T>
  void solve(T* x, std::size_t ld, std::size_t n_cols, cudaStream_t stream) const;
  std::size_t bytes() const;

 private:
  template <class T>
  FactorPointers<T> pointers() const;

  std::int32_t n_ = 0, n_blocks_ = 0;
  DeviceBuffer<std::int32_t> blocks_, l_ptr_, l_start_, l_idx_, u_ptr_, u_end_, u_idx_, f_ptr_,
      f_idx_;
  DeviceBuffer<double> l_val_, u_val_, f_val_, inv_diag_;
  DeviceBuffer<float> l_val32_, u_val32_, f_val32_, inv_diag32_;
};

// x[pos[2j + e] * ld + j] += value[2j + e] for e = 0, 1 (pos −1: none), after x was zeroed.
template <class T>
void scatter_rhs(T* x, std::size_t ld, std::size_t n_cols, const std::int32_t* pos,
                 const double* value, cudaStream_t stream);

// out(r, j) = b[r] (X(from[r], j) − X(to[r], j)), column-major (out[j * n_rows + r]).
template <class T>
void gather_branch_flows(const T* x, std::size_t ld, std::size_t n_cols, std::size_t n_rows,
                         const double* b, const std::int32_t* from, const std::int32_t* to,
                         double* out, cudaStream_t stream);
// out[j] = b[j] (X(from[j], j) − X(to[j], j)).
template <class T>
void gather_diagonal(const T* x, std::size_t ld, std::size_t n_cols, const double* b,
                     const std::int32_t* from, const std::int32_t* to, double* out,
                     cudaStream_t stream);

}  // namespace gat::gpu
