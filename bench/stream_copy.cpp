// A STREAM-like copy benchmark: the memory bandwidth this machine sustains, the roofline for
// memory-bound kernels such as the N-1 check. One JSON line per thread count on stdout.
//
//   gat_stream_copy [MIB_PER_ARRAY] [MAX_THREADS]
//
// b[i] = a[i] over two arrays much larger than the caches, each thread on its own slice,
// first-touched by the thread that uses it; best of 10. Bytes counted as STREAM counts copy:
// 16 per element (8 read, 8 written; write-allocate traffic not counted).
#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const std::size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 512;
  const int max_threads =
      argc > 2 ? std::atoi(argv[2]) : static_cast<int>(std::thread::hardware_concurrency());
  const std::size_t n = mib * 1024 * 1024 / sizeof(double);
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]);
  for (int t = 1; t <= max_threads; t = t < max_threads ? std::min(2 * t, max_threads) : t + 1) {
    double best = 1e300;
    for (int rep = 0; rep < 10; ++rep) {
      std::barrier sync(t + 1);
      std::vector<std::thread> pool;
      for (int k = 0; k < t; ++k) {
        pool.emplace_back([&, k] {
          const std::size_t lo = n * k / t, hi = n * (k + 1) / t;
          if (rep == 0) {
            for (std::size_t i = lo; i < hi; ++i) a[i] = static_cast<double>(i), b[i] = 0;
          }
          sync.arrive_and_wait();
          std::copy(a.get() + lo, a.get() + hi, b.get() + lo);
          sync.arrive_and_wait();
        });
      }
      sync.arrive_and_wait();
      const auto t0 = std::chrono::steady_clock::now();
      sync.arrive_and_wait();
      best = std::min(best,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      for (auto& th : pool) th.join();
    }
    std::printf("{\"threads\":%d,\"mib_per_array\":%zu,\"copy_gb_s\":%.3f,\"check\":%g}\n", t, mib,
                16.0 * static_cast<double>(n) / best / 1e9, b[n / 2]);
  }
  return 0;
}
