// The rows of the fault matrix: each fault kind of the simulator alone, at a rate
// that really hits a small sync, and all of them together.
#ifndef FAULT_MATRIX_CELLS_HPP
#define FAULT_MATRIX_CELLS_HPP

#include <optional>
#include <string>
#include <vector>

namespace fault_matrix {

struct Cell {
  std::string name;  // what the table shows, eg: "429 + Retry-After"
  std::string spec;  // the simulator's fault spec (POST /_sim/faults), eg: "429=0.3"
  // The simulator's --fault-seed: which requests the faults fall on (see cells.cpp).
  std::string fault_seed;
  // The plugin's request timeout in seconds when the cell needs one below the
  // default (slow replies must outlast it); nullopt: the default.
  std::optional<double> request_timeout;
};

std::vector<Cell> matrix_cells();

}  // namespace fault_matrix

#endif  // FAULT_MATRIX_CELLS_HPP
