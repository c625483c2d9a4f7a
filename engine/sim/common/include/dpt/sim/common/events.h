#pragma once
// Events a run reports (alerts, injects applied, decisions, warnings): the lines of
// events.ndjson. Times are sim time, never wall time, so events are deterministic.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dpt::sim {

struct Event {
  std::int64_t t_us = 0;    // from the scenario start
  std::string kind;         // "inject", "alert", "warning", "note", ...
  std::string source;       // "scenario", "wind", "tracers", "console", ...
  std::string details_json; // a JSON object, "{}" when there is nothing more to say
};

class EventLog {
 public:
  void add(std::int64_t t_us, std::string kind, std::string source, std::string details_json = "{}") {
    pending_.push_back({t_us, std::move(kind), std::move(source), std::move(details_json)});
  }
  // Hands over what accumulated since the last call (the runner writes them out each step).
  std::vector<Event> take() { return std::exchange(pending_, {}); }
  bool empty() const { return pending_.empty(); }

 private:
  std::vector<Event> pending_;
};

}  // namespace dpt::sim
