// Gated rectangular linear assignment by shortest augmenting paths.
//
// The solver is the Jonker-Volgenant shortest-augmenting-path method in the rectangular form of
// D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE Trans. Aerospace and
// Electronic Systems 52(4), 2016 (Algorithm 1, with the dual updates of its section IV): one
// Dijkstra-like search per row over reduced costs c(i,j) - u(i) - v(j), then augmentation along
// the path found and an update of the dual variables that keeps every reduced cost >= 0.
//
// Gating: every row i gets a private dummy column of cost `gate` (the other rows cannot use it:
// infinite cost), and real costs at or above the gate are clamped to the gate. Leaving a row
// unassigned therefore costs exactly `gate`, so the padded problem minimises
//     sum over assigned pairs of c(i,j)  +  gate x (number of unassigned rows),
// i.e. it maximises the total margin sum (gate - c) over pairs below the gate. It is always
// feasible (each row has its dummy), and any pair at the clamped cost is dropped afterwards.
#include "dpt/fusion/assignment.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dpt::fusion {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One shortest augmenting path from the free row `i` (Crouse 2016, Algorithm 1, lines 8-28).
// Returns the free column that ends the path (the sink), or -1 when none is reachable; `min_val`
// receives the path's reduced length. Columns are visited in `remaining`, and a tie between equal
// shortest distances prefers a free column, which ends the search early.
std::int32_t augmenting_path(int nc, const double* cost, AssignmentWorkspace& ws, std::int32_t i, double& min_val) {
  min_val = 0.0;
  int num_remaining = nc;
  for (int it = 0; it < nc; ++it) ws.remaining[static_cast<std::size_t>(it)] = nc - it - 1;
  std::fill(ws.sr.begin(), ws.sr.end(), std::uint8_t{0});
  std::fill(ws.sc.begin(), ws.sc.end(), std::uint8_t{0});
  std::fill(ws.shortest.begin(), ws.shortest.end(), kInf);

  std::int32_t sink = -1;
  while (sink == -1) {
    int index = -1;
    double lowest = kInf;
    ws.sr[static_cast<std::size_t>(i)] = 1;
    const double* row = cost + static_cast<std::ptrdiff_t>(i) * nc;
    const double ui = ws.u[static_cast<std::size_t>(i)];
    for (int it = 0; it < num_remaining; ++it) {
      const auto j = static_cast<std::size_t>(ws.remaining[static_cast<std::size_t>(it)]);
      const double r = min_val + row[j] - ui - ws.v[j];
      if (r < ws.shortest[j]) {
        ws.path[j] = i;
        ws.shortest[j] = r;
      }
      if (ws.shortest[j] < lowest || (ws.shortest[j] == lowest && ws.row4col[j] == -1)) {
        lowest = ws.shortest[j];
        index = it;
      }
    }
    min_val = lowest;
    if (index < 0 || min_val == kInf) return -1;  // no reachable column: infeasible
    const auto j = static_cast<std::size_t>(ws.remaining[static_cast<std::size_t>(index)]);
    if (ws.row4col[j] == -1) {
      sink = static_cast<std::int32_t>(j);
    } else {
      i = ws.row4col[j];
    }
    ws.sc[j] = 1;
    ws.remaining[static_cast<std::size_t>(index)] = ws.remaining[static_cast<std::size_t>(--num_remaining)];
  }
  return sink;
}

// Solves the square-or-wide problem nr <= nc exactly; fills ws.col4row. False when infeasible.
bool solve_wide(int nr, int nc, const double* cost, AssignmentWorkspace& ws) {
  const auto snr = static_cast<std::size_t>(nr);
  const auto snc = static_cast<std::size_t>(nc);
  ws.u.assign(snr, 0.0);
  ws.v.assign(snc, 0.0);
  ws.shortest.resize(snc);
  ws.path.assign(snc, -1);
  ws.col4row.assign(snr, -1);
  ws.row4col.assign(snc, -1);
  ws.remaining.resize(snc);
  ws.sr.resize(snr);
  ws.sc.resize(snc);

  for (std::int32_t cur_row = 0; cur_row < nr; ++cur_row) {
    double min_val = 0.0;
    const std::int32_t sink = augmenting_path(nc, cost, ws, cur_row, min_val);
    if (sink < 0) return false;

    // Dual update (Crouse 2016, eq. 17-18): rows and columns scanned by the search move by the
    // difference between the path length and their own shortest distance.
    ws.u[static_cast<std::size_t>(cur_row)] += min_val;
    for (std::size_t r = 0; r < snr; ++r) {
      if (ws.sr[r] && static_cast<std::int32_t>(r) != cur_row) {
        ws.u[r] += min_val - ws.shortest[static_cast<std::size_t>(ws.col4row[r])];
      }
    }
    for (std::size_t c = 0; c < snc; ++c) {
      if (ws.sc[c]) ws.v[c] -= min_val - ws.shortest[c];
    }

    // Augment: flip the assignment along the alternating path back to cur_row.
    std::int32_t j = sink;
    while (true) {
      const std::int32_t r = ws.path[static_cast<std::size_t>(j)];
      ws.row4col[static_cast<std::size_t>(j)] = r;
      std::swap(ws.col4row[static_cast<std::size_t>(r)], j);
      if (r == cur_row) break;
    }
  }
  return true;
}

}  // namespace

void solve_assignment(std::span<const double> cost, int rows, int cols, double gate,
                      std::vector<std::int32_t>& row_to_col, AssignmentWorkspace& ws) {
  row_to_col.assign(static_cast<std::size_t>(std::max(rows, 0)), -1);
  if (rows <= 0 || cols <= 0 || cost.size() < static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols)) return;
  if (!(gate > -kInf) || std::isnan(gate)) return;  // nothing can be below such a gate

  // A finite stand-in for an infinite gate keeps the reduced costs finite; any finite cost is
  // below it, so every row that can be assigned is.
  double g = gate;
  if (g == kInf) {
    double max_cost = 0.0;
    for (std::size_t k = 0; k < static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols); ++k) {
      if (std::isfinite(cost[k])) max_cost = std::max(max_cost, std::abs(cost[k]));
    }
    g = 2.0 * max_cost * static_cast<double>(rows) + 1.0;
  }

  // Padded matrix rows x (cols + rows): real costs clamped to the gate, then a dummy block whose
  // diagonal is the gate and whose other cells are forbidden.
  const int nc = cols + rows;
  const auto snc = static_cast<std::size_t>(nc);
  ws.padded.resize(static_cast<std::size_t>(rows) * snc);
  for (int i = 0; i < rows; ++i) {
    double* out = ws.padded.data() + static_cast<std::size_t>(i) * snc;
    const double* in = cost.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(cols);
    for (int j = 0; j < cols; ++j) {
      const double c = in[j];
      out[j] = (std::isnan(c) || c >= g) ? g : c;
    }
    for (int k = 0; k < rows; ++k) out[cols + k] = (k == i) ? g : kInf;
  }

  if (!solve_wide(rows, nc, ws.padded.data(), ws)) return;  // cannot happen: each row has its dummy
  for (int i = 0; i < rows; ++i) {
    const std::int32_t j = ws.col4row[static_cast<std::size_t>(i)];
    if (j >= 0 && j < cols) {
      const double c = cost[static_cast<std::size_t>(i) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(j)];
      if (c < g) row_to_col[static_cast<std::size_t>(i)] = j;
    }
  }
}

}  // namespace dpt::fusion
