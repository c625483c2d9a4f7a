// Signal programs (SUMO's tlLogic, sumo.dlr.de/docs/Simulation/Traffic_Lights.html). Fixed-time:
// phases run in order, each for its duration, the cycle repeating; `offset` shifts the program's
// start. Actuated (type="actuated", "Based on Time Gaps", as SUMO's MSActuatedTrafficLightLogic
// does it): an induction loop stands on each incoming lane (traffic_model.cpp places it); a phase
// first decides after its minDur; a green phase below its maxDur is then prolonged while one of
// its loops has a gap below max-gap, by the time the last vehicle needs to reach the stop line
// (detector-gap minus the gap, at least 1 s, to a whole second of the phase), and decides again;
// otherwise the program goes on to the next phase, in order. A loop's gap is SUMO's
// (MSInductLoop::getTimeSinceLastDetection): 0 while a vehicle is over it, else the time since the
// last rear left it, stamped at the step's time plus the part of the step before the rear passed.
#include <algorithm>
#include <cmath>
#include <limits>

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

namespace {

bool is_green_phase(const SignalPhase& ph) {
  return ph.state.find_first_of("Gg") != std::string::npos;
}

double min_dur(const SignalPhase& ph) { return ph.min_dur_s >= 0.0 ? ph.min_dur_s : ph.duration_s; }
double max_dur(const SignalPhase& ph) { return ph.max_dur_s >= 0.0 ? ph.max_dur_s : ph.duration_s; }

// The smallest time since a vehicle passed a detector of flat phase f's lanes, among those below
// the max gap; +infinity when there is none (the phase's traffic has gone).
double detection_gap(const TrafficModel& m, const TrafficState& s, std::uint32_t f, double t_s) {
  double gap = std::numeric_limits<double>::infinity();
  for (std::uint32_t k = m.phase_lanes_first[f]; k < m.phase_lanes_first[f + 1]; ++k) {
    const double g = t_s - s.lane_detected_s[m.phase_lanes[k]];
    if (g < m.options.actuated_max_gap_s) gap = std::min(gap, g);
  }
  return gap;
}

}  // namespace

double first_check_after(const SignalProgram& p, std::uint32_t k) {
  if (p.phases.empty()) return 0.0;
  return std::max(min_dur(p.phases[k]), 1.0);
}

void advance_signals(const TrafficModel& m, TrafficState& s, double t_s) {
  const auto& programs = m.net.signals;
  for (std::size_t p = 0; p < programs.size(); ++p) {
    const SignalProgram& prog = programs[p];
    if (prog.type != SignalType::actuated || prog.phases.empty()) {
      s.signal_phase[p] = signal_phase_at(prog, t_s);
      continue;
    }
    if (t_s + 1e-9 < s.signal_check_s[p]) continue;
    // A decision: a green phase that has not reached its maxDur goes on while a vehicle passed one
    // of its detectors less than the max gap ago - long enough for that vehicle to reach the stop
    // line (detector gap - gap, at least 1 s), then decides again; otherwise the next phase.
    const std::uint32_t k = s.signal_phase[p];
    const SignalPhase& ph = prog.phases[k];
    const double age = t_s - s.signal_phase_start[p];
    if (is_green_phase(ph) && age + 1e-9 < max_dur(ph)) {
      const double gap = detection_gap(m, s, m.signal_phase_base[p] + k, t_s);
      if (gap < m.options.actuated_max_gap_s) {
        const double extend = std::max(1.0, std::ceil(m.options.actuated_detector_gap_s - gap - 1e-9));
        s.signal_check_s[p] = std::min(t_s + extend, s.signal_phase_start[p] + max_dur(ph));
        continue;
      }
    }
    const auto next = static_cast<std::uint32_t>((k + 1) % prog.phases.size());
    s.signal_phase[p] = next;
    s.signal_phase_start[p] = t_s;
    s.signal_check_s[p] = t_s + first_check_after(prog, next);
  }
}

void record_detections(const TrafficModel& m, TrafficState& s, double t_s) {
  if (!m.has_actuated) return;
  const double dt = m.options.step_length_s;
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    if (s.lane[i] == kNone) continue;  // arrived in this step
    const double det = m.detector_pos[s.lane[i]];
    if (det < 0.0) continue;
    const double len = m.types[m.vehicles[s.vehicle[i]].type].length;
    const double moved = s.speed[i] * dt;  // Euler: the step's distance at the new speed
    const double rear = s.pos[i] - len;
    double stamp = -std::numeric_limits<double>::infinity();
    if (s.pos[i] >= det && rear <= det) {
      // Over the loop now: SUMO's loop reports a gap of 0 while occupied, so the stamp is the time
      // of the next decision.
      stamp = t_s + dt;
    } else if (rear > det && rear - moved <= det && moved > 0.0) {
      // The rear left the loop during this step: SUMO stamps the leave time as the step's time
      // plus the part of the step before the rear passed (MSInductLoop::notifyMove with
      // MSCFModel::passingTime), so the gap at the next decision is the rest of the step.
      stamp = t_s + dt * (det - (rear - moved)) / moved;
    }
    double& last = s.lane_detected_s[s.lane[i]];
    last = std::max(last, stamp);
  }
}

}  // namespace dpt::sim::traffic
