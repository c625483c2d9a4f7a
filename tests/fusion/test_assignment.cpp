// The gated assignment solver against hand-worked cases and against brute force over every
// partial matching of small random matrices.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "dpt/fusion/assignment.h"

using namespace dpt::fusion;

namespace {

// The objective the solver minimises: assigned costs plus `gate` for every unassigned row.
double objective(const std::vector<double>& cost, int cols, double gate, const std::vector<std::int32_t>& r2c) {
  double total = 0.0;
  for (std::size_t i = 0; i < r2c.size(); ++i) {
    total += r2c[i] < 0 ? gate : cost[i * static_cast<std::size_t>(cols) + static_cast<std::size_t>(r2c[i])];
  }
  return total;
}

// Brute force: every row either takes one still-free column with cost below the gate, or none.
void brute(const std::vector<double>& cost, int rows, int cols, double gate, int row, std::vector<std::uint8_t>& used,
           double acc, double& best) {
  if (acc >= best) return;
  if (row == rows) {
    best = acc;
    return;
  }
  brute(cost, rows, cols, gate, row + 1, used, acc + gate, best);
  for (int j = 0; j < cols; ++j) {
    const double c = cost[static_cast<std::size_t>(row * cols + j)];
    if (used[static_cast<std::size_t>(j)] || !(c < gate)) continue;
    used[static_cast<std::size_t>(j)] = 1;
    brute(cost, rows, cols, gate, row + 1, used, acc + c, best);
    used[static_cast<std::size_t>(j)] = 0;
  }
}

// Every assigned pair is below the gate and no column is used twice.
bool valid(const std::vector<double>& cost, int cols, double gate, const std::vector<std::int32_t>& r2c) {
  std::vector<int> seen(static_cast<std::size_t>(cols), 0);
  for (std::size_t i = 0; i < r2c.size(); ++i) {
    if (r2c[i] < 0) continue;
    if (r2c[i] >= cols) return false;
    if (seen[static_cast<std::size_t>(r2c[i])]++) return false;
    if (!(cost[i * static_cast<std::size_t>(cols) + static_cast<std::size_t>(r2c[i])] < gate)) return false;
  }
  return true;
}

std::vector<std::int32_t> solve(const std::vector<double>& cost, int rows, int cols, double gate) {
  AssignmentWorkspace ws;
  std::vector<std::int32_t> r2c;
  solve_assignment(cost, rows, cols, gate, r2c, ws);
  return r2c;
}

}  // namespace

TEST_CASE("assignment solves the textbook 3x3 case", "[fusion][assignment]") {
  // scipy.optimize.linear_sum_assignment's documented example: the optimum is 1 + 2 + 2 = 5
  // with rows 0,1,2 -> columns 1,0,2.
  const std::vector<double> cost = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto r2c = solve(cost, 3, 3, std::numeric_limits<double>::infinity());
  CHECK(r2c == std::vector<std::int32_t>{1, 0, 2});
}

TEST_CASE("assignment respects the gate", "[fusion][assignment]") {
  SECTION("a cheap cross matching beats one cheap pair plus a gated row") {
    // Options: 0->0 and row 1 left out = 1 + 50 = 51; 0->1, 1->0 = 2 + 2 = 4.
    CHECK(solve({1, 2, 2, 100}, 2, 2, 50) == std::vector<std::int32_t>{1, 0});
  }
  SECTION("leaving a row out beats an expensive pair") {
    // 0->0 and row 1 out = 1 + 5 = 6; 0->1, 1->0 = 4 + 4 = 8; all pairs = 1 + 9 is gated.
    CHECK(solve({1, 4, 4, 9}, 2, 2, 5) == std::vector<std::int32_t>{0, -1});
  }
  SECTION("a pair exactly at the gate is never assigned") {
    CHECK(solve({5, 5, 5, 5}, 2, 2, 5) == std::vector<std::int32_t>{-1, -1});
    CHECK(solve({4.999, 5}, 1, 2, 5) == std::vector<std::int32_t>{0});
  }
  SECTION("NaN and infinite costs are forbidden pairs") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    // Only column 1 is usable by either row: row 1 takes it (1 + 10 for row 0 left out) rather
    // than row 0 (3 + 10).
    CHECK(solve({nan, 3, inf, 1}, 2, 2, 10) == std::vector<std::int32_t>{-1, 1});
    CHECK(solve({nan, 3, inf, 1}, 2, 2, inf) == std::vector<std::int32_t>{-1, 1});
    CHECK(solve({nan, 3, inf, 1, 2, 9}, 2, 3, 10) == std::vector<std::int32_t>{1, 0});  // 3 + 1
  }
}

TEST_CASE("assignment handles rectangular and empty problems", "[fusion][assignment]") {
  // 2 rows x 3 columns: row 0 wants column 2 (cost 1), row 1 column 0 (cost 1).
  CHECK(solve({5, 6, 1, 1, 7, 8}, 2, 3, 100) == std::vector<std::int32_t>{2, 0});
  // 3 rows x 1 column: only the cheapest row gets it.
  CHECK(solve({3, 2, 4}, 3, 1, 100) == std::vector<std::int32_t>{-1, 0, -1});
  CHECK(solve({}, 0, 3, 1).empty());
  CHECK(solve({}, 2, 0, 1) == std::vector<std::int32_t>{-1, -1});
}

TEST_CASE("assignment matches brute force on random small matrices", "[fusion][assignment]") {
  std::mt19937 rng(20260);
  std::uniform_int_distribution<int> size(1, 6);
  std::uniform_real_distribution<double> value(0.0, 10.0);
  std::uniform_int_distribution<int> coarse(0, 4);  // integer costs make ties frequent
  AssignmentWorkspace ws;  // reused across problems of varying shape on purpose
  std::vector<std::int32_t> r2c;
  int gated_rows = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const int rows = size(rng), cols = size(rng);
    std::vector<double> cost(static_cast<std::size_t>(rows * cols));
    const bool ties = trial % 3 == 0;
    for (double& c : cost) c = ties ? coarse(rng) : value(rng);
    const double gate = trial % 4 == 0 ? std::numeric_limits<double>::infinity() : (ties ? 2.5 : value(rng));

    solve_assignment(cost, rows, cols, gate, r2c, ws);
    REQUIRE(r2c.size() == static_cast<std::size_t>(rows));
    REQUIRE(valid(cost, cols, gate, r2c));

    double best = std::numeric_limits<double>::infinity();
    std::vector<std::uint8_t> used(static_cast<std::size_t>(cols), 0);
    if (gate == std::numeric_limits<double>::infinity()) {
      // Without a gate the optimum assigns min(rows, cols) pairs; brute force with a gate above
      // any sum of costs enforces that and leaves the excess rows out.
      const double big = 1e6;
      brute(cost, rows, cols, big, 0, used, 0.0, best);
      CHECK(objective(cost, cols, big, r2c) == Approx(best).epsilon(1e-12));
    } else {
      brute(cost, rows, cols, gate, 0, used, 0.0, best);
      CHECK(objective(cost, cols, gate, r2c) == Approx(best).epsilon(1e-12));
    }
    gated_rows += static_cast<int>(std::count(r2c.begin(), r2c.end(), -1));
  }
  CHECK(gated_rows > 100);  // the gate really was exercised
}

TEST_CASE("assignment does not reallocate once its workspace is warm", "[fusion][assignment]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> value(0.0, 1.0);
  std::vector<double> cost(40 * 30);
  for (double& c : cost) c = value(rng);
  AssignmentWorkspace ws;
  std::vector<std::int32_t> r2c;
  solve_assignment(cost, 40, 30, 0.7, r2c, ws);
  const double* padded = ws.padded.data();
  const double* shortest = ws.shortest.data();
  const std::int32_t* remaining = ws.remaining.data();
  const std::int32_t* out = r2c.data();
  for (double& c : cost) c = value(rng);
  solve_assignment(cost, 40, 30, 0.7, r2c, ws);  // same shape
  solve_assignment(std::span<const double>(cost).first(30 * 20), 30, 20, 0.7, r2c, ws);  // smaller
  CHECK(ws.padded.data() == padded);
  CHECK(ws.shortest.data() == shortest);
  CHECK(ws.remaining.data() == remaining);
  CHECK(r2c.data() == out);
}
