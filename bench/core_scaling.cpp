// What N busy cores of this machine give arithmetic that touches no memory: the ceiling of
// any parallel efficiency figure measured here. One JSON line per (loop, thread count).
//
//   gat_core_scaling [MAX_THREADS]
//
// Two AVX2 FMA loops on registers only, the same work per thread at every thread count:
// "throughput" keeps ten independent chains (the FMA units busy every cycle), "latency" one
// dependent chain (they idle most cycles). Efficiency = time on 1 thread / time on N. Cores
// that lose clock when all are busy slow both; two hardware threads sharing a core halve the
// first and barely touch the second; so does another tenant's thread on a sibling.
#include <immintrin.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

volatile double sink;

[[gnu::target("avx2,fma")]] void throughput(long n) {
  const __m256d a = _mm256_set1_pd(1.0000001), b = _mm256_set1_pd(0.9999999);
  // Ten named chains, so that they stay in registers (an array of them went through memory).
  __m256d x0 = a, x1 = a, x2 = a, x3 = a, x4 = a, x5 = a, x6 = a, x7 = a, x8 = a, x9 = a;
  for (long i = 0; i < n; ++i) {
    x0 = _mm256_fmadd_pd(x0, b, a);
    x1 = _mm256_fmadd_pd(x1, b, a);
    x2 = _mm256_fmadd_pd(x2, b, a);
    x3 = _mm256_fmadd_pd(x3, b, a);
    x4 = _mm256_fmadd_pd(x4, b, a);
    x5 = _mm256_fmadd_pd(x5, b, a);
    x6 = _mm256_fmadd_pd(x6, b, a);
    x7 = _mm256_fmadd_pd(x7, b, a);
    x8 = _mm256_fmadd_pd(x8, b, a);
    x9 = _mm256_fmadd_pd(x9, b, a);
  }
  const __m256d s =
      _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(x0, x1), _mm256_add_pd(x2, x3)),
                    _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(x4, x5), _mm256_add_pd(x6, x7)),
                                  _mm256_add_pd(x8, x9)));
  sink = s[0];
}

[[gnu::target("avx2,fma")]] void latency(long n) {
  const __m256d a = _mm256_set1_pd(1.0000001), b = _mm256_set1_pd(0.9999999);
  __m256d x = a;
  for (long i = 0; i < n; ++i) x = _mm256_fmadd_pd(x, b, a);
  sink = x[0];
}

double seconds(int threads, void (*loop)(long), long n) {
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    std::barrier sync(threads + 1);
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k) {
      pool.emplace_back([&] {
        sync.arrive_and_wait();
        loop(n);
        sync.arrive_and_wait();
      });
    }
    sync.arrive_and_wait();
    const auto t0 = std::chrono::steady_clock::now();
    sync.arrive_and_wait();
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    for (auto& t : pool) t.join();
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
    std::fprintf(stderr, "gat_core_scaling: this CPU has no AVX2/FMA\n");
    return 1;
  }
  const int max_threads =
      argc > 1 ? std::atoi(argv[1]) : static_cast<int>(std::thread::hardware_concurrency());
  const struct {
    const char* name;
    void (*loop)(long);
    long n;
  } loops[] = {{"throughput", throughput, 400'000'000}, {"latency", latency, 100'000'000}};
  for (const auto& l : loops) {
    const double one = seconds(1, l.loop, l.n);
    for (int t = 1; t <= max_threads; t = t < max_threads ? std::min(2 * t, max_threads) : t + 1) {
      const double s = t == 1 ? one : seconds(t, l.loop, l.n);
      std::printf("{\"loop\": \"%s\", \"threads\": %d, \"seconds\": %.4f, \"efficiency\": %.3f}\n",
                  l.name, t, s, one / s);
    }
  }
  return 0;
}
