// Accelerators (GPUs) behind one small interface, chosen by name at run time.
//
// The studies (contingency/, sens/, pf/, adequacy/) hand an accel::Device plain-data problems
// (accel/problems.hpp) and get plain data back; they never see CUDA. A back end registers
// itself by name (the CUDA one, in gpu/, with gpu::register_cuda_backend()); a build without
// it still compiles and runs, and asking for it says why it is not there:
//   "gat was built without CUDA"  or  "no CUDA device: <reason from the driver>".
// The CPU path is always there and is the reference every device result is tested against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gat/accel/problems.hpp"

namespace gat::accel {

struct DeviceInfo {
  int ordinal = -1;
  std::string name;  // "NVIDIA H200"
  int compute_major = 0, compute_minor = 0;
  int multiprocessors = 0;
  std::size_t memory_total_bytes = 0;
  std::size_t memory_free_bytes = 0;
  std::size_t l2_bytes = 0;
  int memory_bus_bits = 0;
  int memory_clock_khz = 0;
};

// What a back end finds on this machine (for `gat doctor` and clear errors).
struct Availability {
  std::string backend;      // "cuda"
  bool compiled = false;    // the back end is part of this build
  bool usable = false;      // compiled and at least one device found
  std::string reason;       // when not usable: why, in words
  int driver_version = 0;   // e.g. 13000 for CUDA 13.0 (0 when no driver)
  int runtime_version = 0;  // the runtime gat was built with
  std::vector<DeviceInfo> devices;
};

// One opened device. Methods run synchronously; a Device is used by one thread at a time.
class Device {
 public:
  virtual ~Device() = default;
  virtual const DeviceInfo& info() const = 0;
  virtual std::string_view backend() const = 0;

  // Fused N-1 DC screening (contingency/dc_screen.hpp states the maths).
  virtual DcScreenOutput screen_dc(const DcScreenProblem& problem) = 0;
  // Branch flows of sparse right-hand sides on the factored B' (sens/: PTDF and LODF columns);
  // diagonal gets problem.diagonal's values (empty when not asked for).
  virtual void branch_flows(const BranchFlowProblem& problem, std::span<double> out,
                            std::span<double> diagonal) = 0;
  // V ∘ conj(Ybus V) − S for many scenarios on one Ybus (pf/mismatch.hpp).
  virtual MismatchOutput power_mismatch(const MismatchProblem& problem) = 0;
  // Scenarios × hours × units capacity check (adequacy/capacity.hpp).
  virtual CapacityOutput capacity_check(const CapacityProblem& problem) = 0;
};

struct Backend {
  std::string name;
  std::function<Availability()> probe;
  // ordinal −1: the back end's choice (the first device, or $GAT_CUDA_DEVICE).
  std::function<std::unique_ptr<Device>(int ordinal)> open;
};

// Adds (or replaces) a back end. Thread-safe.
void register_backend(Backend backend);
// Names of the back ends this program has registered.
std::vector<std::string> registered_backends();

// What `name` finds; for a back end not registered: compiled = false and the reason.
Availability probe(std::string_view name = "cuda");
// Opens a device of back end `name`; throws SolverUnavailable saying why when it cannot
// ("gat was built without CUDA", "no CUDA device: ...").
std::unique_ptr<Device> open(std::string_view name = "cuda", int ordinal = -1);

}  // namespace gat::accel
