// GridIndex against brute force on random boxes: same items, each once, ascending.
#include <catch2/catch.hpp>

#include <random>

#include "dpt/world/spatial_index.h"

using dpt::geo::Box;

TEST_CASE("grid index queries equal brute force", "[world][spatial_index]") {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> pos(-500.0, 500.0), size(0.0, 40.0), big(0.0, 300.0);
  std::vector<Box> boxes;
  for (int k = 0; k < 2000; ++k) {
    const double x = pos(rng), y = pos(rng);
    const double w = k % 50 == 0 ? big(rng) : size(rng), h = k % 50 == 0 ? big(rng) : size(rng);
    boxes.push_back({x, y, x + w, y + h});
  }
  for (const double cell : {0.0, 7.0, 100.0}) {
    const dpt::world::GridIndex index(boxes, cell);
    REQUIRE(index.size() == boxes.size());
    std::vector<std::uint32_t> got;
    for (int q = 0; q < 300; ++q) {
      const double x = pos(rng) * 1.2, y = pos(rng) * 1.2;
      const Box qb{x, y, x + size(rng) * 3, y + size(rng) * 3};
      index.query_into(qb, got);
      std::vector<std::uint32_t> want;
      for (std::uint32_t k = 0; k < boxes.size(); ++k)
        if (boxes[k].intersects(qb)) want.push_back(k);
      CHECK(got == want);

      index.at_point({x, y}, got);
      want.clear();
      for (std::uint32_t k = 0; k < boxes.size(); ++k)
        if (boxes[k].contains({x, y})) want.push_back(k);
      CHECK(got == want);

      const double r = size(rng);
      index.within({x, y}, r, got);
      want.clear();
      for (std::uint32_t k = 0; k < boxes.size(); ++k) {
        const Box& b = boxes[k];
        const double dx = std::max({b.min_x - x, 0.0, x - b.max_x}), dy = std::max({b.min_y - y, 0.0, y - b.max_y});
        if (dx * dx + dy * dy <= r * r) want.push_back(k);
      }
      CHECK(got == want);
    }
  }
}

TEST_CASE("grid index: empty, single point and far queries", "[world][spatial_index]") {
  std::vector<std::uint32_t> got{99};
  dpt::world::GridIndex empty;
  empty.query_into({0, 0, 1, 1}, got);
  CHECK(got.empty());
  const dpt::world::GridIndex one(std::vector<Box>{{5, 5, 5, 5}});
  one.at_point({5, 5}, got);
  CHECK(got == std::vector<std::uint32_t>{0});
  one.query_into({100, 100, 200, 200}, got);
  CHECK(got.empty());
  int calls = 0;
  one.query({0, 0, 10, 10}, [&](std::uint32_t k) { calls += static_cast<int>(k) + 1; });
  CHECK(calls == 1);
}
