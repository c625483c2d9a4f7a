// The feed codec (docs/feeds.md): decoding detection frames of K boxes, observations, encoding,
// and, for comparison, nlohmann::json parsing the same text into a DOM (what a decoder built on
// it would pay before reading a single value). The graph needs 35,000 messages/s of 10 boxes on
// one core (issue 5: 7,000 cameras at 5 Hz). "allocs/msg" counts operator new calls per message
// (global operator new is replaced in this program only, to count them).
//   build/<preset>/tests/bench/bench_codec --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "dpt/fusion/codec.h"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

// GCC pairs the replaced operator delete with the std::malloc inside operator new once both are
// inlined and warns of a mismatch that is not one (they are a matched replacement pair).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace dpt::fusion;

namespace {

// A realistic frame: 1920x1080 boxes with a few decimals, as a detector writes them.
std::string detection_text(int boxes) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> px(0.f, 1800.f), sz(10.f, 200.f), score(0.3f, 1.f);
  Message m;
  m.kind = MessageKind::detections;
  m.detections.camera_id = 4711;
  m.detections.time_us = 1'790'841'600'200'000LL;
  m.detections.seq = 123456;
  for (int i = 0; i < boxes; ++i) {
    BoxDetection b;
    b.x = std::round(px(rng) * 10.f) / 10.f;
    b.y = std::round(px(rng) * 0.5f * 10.f) / 10.f;
    b.w = std::round(sz(rng) * 10.f) / 10.f;
    b.h = std::round(sz(rng) * 10.f) / 10.f;
    b.score = std::round(score(rng) * 100.f) / 100.f;
    b.cls = i % 3 ? ObjectClass::car : ObjectClass::person;
    m.detections.boxes.push_back(b);
  }
  std::string s;
  encode(m, s);
  return s;
}

const char* kObservation =
    R"({"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z","seq":5,)"
    R"("observedProperty":"wind_speed","result":12.5,"unitOfMeasurement":"m/s"})";

void report(benchmark::State& st, std::size_t bytes, std::uint64_t allocs_before) {
  st.SetItemsProcessed(st.iterations());
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * bytes));
  st.counters["allocs/msg"] =
      static_cast<double>(g_allocations.load() - allocs_before) / static_cast<double>(st.iterations());
  st.counters["bytes/msg"] = static_cast<double>(bytes);
}

void BM_DecodeDetections(benchmark::State& st) {
  const std::string text = detection_text(static_cast<int>(st.range(0)));
  Message m;
  if (!decode(text, m).ok()) st.SkipWithError("the benchmark message does not decode");
  const auto before = g_allocations.load();
  for (auto _ : st) {
    auto s = decode(text, m);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(m.detections.boxes.data());
  }
  report(st, text.size(), before);
}
BENCHMARK(BM_DecodeDetections)->Arg(1)->Arg(10)->Arg(100);

void BM_DecodeObservation(benchmark::State& st) {
  const std::string text = kObservation;
  Message m;
  const auto before = g_allocations.load();
  for (auto _ : st) {
    auto s = decode(text, m);
    benchmark::DoNotOptimize(s);
  }
  report(st, text.size(), before);
}
BENCHMARK(BM_DecodeObservation);

void BM_EncodeDetections(benchmark::State& st) {
  const std::string text = detection_text(static_cast<int>(st.range(0)));
  Message m;
  decode(text, m);
  std::string out;
  out.reserve(text.size() * 2);
  const auto before = g_allocations.load();
  for (auto _ : st) {
    out.clear();
    encode(m, out);
    benchmark::DoNotOptimize(out.data());
  }
  report(st, text.size(), before);
}
BENCHMARK(BM_EncodeDetections)->Arg(10);

void BM_NlohmannParseDetections(benchmark::State& st) {
  const std::string text = detection_text(static_cast<int>(st.range(0)));
  const auto before = g_allocations.load();
  for (auto _ : st) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    benchmark::DoNotOptimize(j);
  }
  report(st, text.size(), before);
}
BENCHMARK(BM_NlohmannParseDetections)->Arg(10);

}  // namespace

BENCHMARK_MAIN();
