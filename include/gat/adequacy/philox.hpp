// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011): a counter-based generator. The numbers for a counter depend on the counter and
// the key alone, not on which thread or launch asks, so a Monte Carlo study gives the same
// draws however it is cut into chunks, threads or GPU blocks. Host and device share this code
// (GAT_HD expands to __host__ __device__ under nvcc).
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define GAT_HD __host__ __device__ __forceinline__
#else
#define GAT_HD inline
#endif

namespace gat::adequacy {

struct PhiloxBlock {
  std::uint32_t v[4];
};

GAT_HD void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}

// Ten rounds on counter c with key (k0, k1).
GAT_HD PhiloxBlock philox4x32_10(PhiloxBlock c, std::uint32_t k0, std::uint32_t k1) {
  constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
  constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    std::uint32_t hi0, lo0, hi1, lo1;
    mulhilo(kM0, c.v[0], hi0, lo0);
    mulhilo(kM1, c.v[2], hi1, lo1);
    c = {{hi1 ^ c.v[1] ^ k0, lo1, hi0 ^ c.v[3] ^ k1, lo0}};
    k0 += kW0;
    k1 += kW1;
  }
  return c;
}

// A double in [0, 1) from two 32-bit words (53 random bits).
GAT_HD double to_unit(std::uint32_t a, std::uint32_t b) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(a) << 21) ^ (b >> 11);
  return static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) * (1.0 / 9007199254740992.0);
}

// The availability draw of unit u in (scenario s, hour h): one Philox block serves units 2i
// and 2i + 1. Counter (i, h, s low, s high), key = the seed's two halves.
GAT_HD double availability_draw(std::uint64_t seed, std::uint64_t scenario, std::uint32_t hour,
                                std::uint32_t unit) {
  const PhiloxBlock r =
      philox4x32_10({{unit / 2, hour, static_cast<std::uint32_t>(scenario),
                      static_cast<std::uint32_t>(scenario >> 32)}},
                    static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  return unit % 2 == 0 ? to_unit(r.v[0], r.v[1]) : to_unit(r.v[2], r.v[3]);
}

}  // namespace gat::adequacy
