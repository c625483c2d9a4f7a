#pragma once
// Multi-octave value noise (fractional Brownian motion over a lattice of random values, quintic
// interpolation; Perlin, "Improving noise", SIGGRAPH 2002, for the fade curve). Lattice values
// come from dpt::CounterRng keyed by (seed, stream, lattice point, octave): deterministic and
// independent of evaluation order.
#include <cstdint>
#include <vector>

#include "synth.h"

namespace dapeng {

class ValueNoise {
 public:
  // Covers the box [x0, x0+w] x [y0, y0+h]; octave o has wavelength `wavelength` / 2^o and
  // amplitude persistence^o; the sum is normalised so that |at(p)| <= 1.
  ValueNoise(std::uint32_t stream, double x0, double y0, double w, double h, double wavelength, int octaves,
             double persistence = 0.5);
  double at(Local p) const;

 private:
  struct Octave {
    double cell;
    int nx, ny;
    double amp;
    std::vector<float> v;  // lattice values in [-1, 1]
  };
  double x0_, y0_;
  std::vector<Octave> oct_;
};

}  // namespace dapeng
