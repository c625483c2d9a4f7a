#include "dpt/scenario/simulation.h"

#include <nlohmann/json.hpp>

#include "dpt/core/assert.h"
#include "dpt/core/bytes.h"
#include "dpt/core/digest.h"

namespace dpt::scenario {

Simulation::Simulation(const Scenario& s) : scenario_(s) { world_.build = &s.build; }

sim::StepContext Simulation::context() const {
  sim::StepContext c;
  c.step = step_;
  c.clock = SimClock{scenario_.start.instant, now_us()};
  c.dt = scenario_.step;
  c.seed = scenario_.seed;
  return c;
}

void Simulation::init() {
  step_ = 0;
  commands_applied_ = 0;
  world_ = World{};
  world_.build = &scenario_.build;
  for (const auto& st : scenario_.stages) st->init(world_);
}

void Simulation::apply(const Command& c) {
  ++commands_applied_;
  const sim::StepContext ctx = context();
  const auto dot = c.name.find('.');
  const std::string module = c.name.substr(0, dot);
  const std::string verb = dot == std::string::npos ? "" : c.name.substr(dot + 1);
  const std::string details = command_to_json(c);
  if (module == "run") {  // run.note: a line in the event log (a trainer's inject, a decision)
    world_.events.add(now_us(), "note", c.source, details);
    return;
  }
  world_.events.add(now_us(), "command", c.source, details);
  Stage* st = scenario_.stage(module);
  DPT_ASSERT(st != nullptr, "commands are validated before they are applied");
  st->apply_command(world_, verb, c.args, ctx);
}

void Simulation::step() {
  const sim::StepContext ctx = context();
  for (const auto& st : scenario_.stages) st->step(world_, ctx);
  ++step_;
}

std::uint64_t Simulation::digest() const {
  Hasher h;
  h.value(step_);
  for (const auto& st : scenario_.stages) {
    h.text(st->name());
    st->digest(h);
  }
  return h.finish();
}

std::vector<std::uint8_t> Simulation::save() const {
  ByteWriter w;
  w.put(step_);
  w.put(commands_applied_);
  for (const auto& st : scenario_.stages) {
    w.put_string(st->name());
    ByteWriter part;
    st->save(part);
    w.put_array<std::uint8_t>(part.data());
  }
  return std::move(w.data());
}

bool Simulation::load(std::span<const std::uint8_t> data) {
  ByteReader r(data);
  if (!r.get(step_) || !r.get(commands_applied_)) return false;
  for (const auto& st : scenario_.stages) {
    std::string name;
    std::vector<std::uint8_t> part;
    if (!r.get_string(name) || name != st->name() || !r.get_array(part, data.size())) return false;
    ByteReader pr(part);
    if (!st->load(world_, pr) || !pr.at_end()) return false;
  }
  return r.at_end();
}

void Simulation::define_kpis(sim::KpiTable& k) {
  for (const auto& st : scenario_.stages) st->define_kpis(k);
}

void Simulation::sample_kpis(sim::KpiTable& k) {
  k.begin_row(now_us());
  for (const auto& st : scenario_.stages) st->sample_kpis(k);
}

}  // namespace dpt::scenario
