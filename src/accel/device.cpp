#include "gat/accel/device.hpp"

#include <map>
#include <mutex>

#include "gat/core/error.hpp"

namespace gat::accel {

namespace {

std::mutex& registry_lock() {
  static std::mutex m;
  return m;
}

std::map<std::string, Backend, std::less<>>& registry() {
  static std::map<std::string, Backend, std::less<>> backends;
  return backends;
}

std::string not_built(std::string_view name) {
  if (name == "cuda")
    return "gat was built without CUDA (configure with the CUDA toolkit and GAT_CUDA=ON)";
  return "no accelerator back end named '" + std::string(name) + "' in this build";
}

}  // namespace

Precision parse_precision(std::string_view name) {
  if (name == "auto") return Precision::kAuto;
  if (name == "f32") return Precision::kF32;
  if (name == "f64") return Precision::kF64;
  throw UsageError("precision must be auto, f32 or f64, not '" + std::string(name) + "'");
}

std::string_view to_string(Precision precision) {
  switch (precision) {
    case Precision::kAuto:
      return "auto";
    case Precision::kF32:
      return "f32";
    case Precision::kF64:
      return "f64";
  }
  return "unknown";
}

void register_backend(Backend backend) {
  const std::lock_guard lock(registry_lock());
  auto name = backend.name;
  registry().insert_or_assign(std::move(name), std::move(backend));
}

std::vector<std::string> registered_backends() {
  const std::lock_guard lock(registry_lock());
  std::vector<std::string> names;
  for (const auto& [name, backend] : registry()) names.push_back(name);
  return names;
}

Availability probe(std::string_view name) {
  Backend backend;
  {
    const std::lock_guard lock(registry_lock());
    const auto it = registry().find(name);
    if (it == registry().end()) {
      Availability a;
      a.backend = std::string(name);
      a.reason = not_built(name);
      return a;
    }
    backend = it->second;
  }
  return backend.probe();
}

std::unique_ptr<Device> open(std::string_view name, int ordinal) {
  Backend backend;
  {
    const std::lock_guard lock(registry_lock());
    const auto it = registry().find(name);
    if (it == registry().end()) throw SolverUnavailable(not_built(name));
    backend = it->second;
  }
  return backend.open(ordinal);
}

}  // namespace gat::accel
