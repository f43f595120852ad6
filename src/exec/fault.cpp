#include "gat/exec/fault.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include "gat/core/error.hpp"

namespace gat::exec {

namespace {

// The value of key=... in "kind:key=v,key=v", or -1.
std::int64_t option(std::string_view fault, std::string_view key) {
  const auto colon = fault.find(':');
  if (colon == std::string_view::npos) return -1;
  std::string_view rest = fault.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto item = rest.substr(0, comma);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == key) {
      return std::strtoll(std::string(item.substr(eq + 1)).c_str(), nullptr, 10);
    }
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return -1;
}

void apply(std::string_view fault, std::int64_t chunk_index) {
  const auto kind = fault.substr(0, fault.find(':'));
  const auto chunk = option(fault, "chunk");
  if (chunk >= 0 && chunk != chunk_index) return;
  if (kind == "delay") {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::max<std::int64_t>(0, option(fault, "ms"))));
  } else if (kind == "crash") {
    ::raise(SIGSEGV);
  } else if (kind == "kill") {
    ::raise(SIGKILL);
  } else if (kind == "exit") {
    std::_Exit(9);
  } else if (kind == "fail") {
    throw Error("injected failure (GAT_FAULT_INJECT)");
  } else if (kind == "hang") {
    for (;;) ::pause();
  }
}

}  // namespace

void inject_fault(std::int64_t chunk_index) {
  const char* env = std::getenv("GAT_FAULT_INJECT");
  if (!env || !*env) return;
  std::string_view rest(env);
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    apply(rest.substr(0, semi), chunk_index);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
  }
}

}  // namespace gat::exec
