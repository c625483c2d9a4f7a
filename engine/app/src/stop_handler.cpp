#include <csignal>

#include "commands.h"

namespace dpt::app {
namespace {
std::atomic<bool> g_stop{false};

extern "C" void on_signal(int sig) {
  if (g_stop.load()) {  // second request: leave now
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_stop.store(true);
}
}  // namespace

const std::atomic<bool>* install_stop_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return &g_stop;
}

}  // namespace dpt::app
