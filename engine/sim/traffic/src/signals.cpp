// Fixed-time signal programs: the phase at a time, and a link's state in it (SUMO's tlLogic,
// sumo.dlr.de/docs/Simulation/Traffic_Lights.html: phases run in order, each for its duration,
// the cycle repeating; `offset` shifts the program's start).
#include <cmath>

#include "dpt/sim/traffic/traffic_step.h"

namespace dpt::sim::traffic {

std::uint32_t signal_phase_at(const SignalProgram& p, double t_s) {
  double cycle = 0.0;
  for (const SignalPhase& ph : p.phases) cycle += ph.duration_s;
  if (p.phases.empty() || !(cycle > 0.0)) return 0;
  double tc = std::fmod(t_s - p.offset_s, cycle);
  if (tc < 0.0) tc += cycle;
  for (std::uint32_t i = 0; i < p.phases.size(); ++i) {
    if (tc < p.phases[i].duration_s) return i;
    tc -= p.phases[i].duration_s;
  }
  return static_cast<std::uint32_t>(p.phases.size() - 1);
}

char signal_state_at(const SignalProgram& p, std::uint32_t tl_link, double t_s) {
  if (p.phases.empty()) return 'O';
  const std::string& st = p.phases[signal_phase_at(p, t_s)].state;
  return tl_link < st.size() ? st[tl_link] : 'O';
}

}  // namespace dpt::sim::traffic
