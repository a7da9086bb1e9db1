// One cell's world: its own simulator over HTTPS with a small generated tenant, its
// own state directory and manifest, connector-host to run commands, and the
// simulator's control API (/_sim) to set faults and read what really happened.
#ifndef FAULT_MATRIX_CELL_RIG_HPP
#define FAULT_MATRIX_CELL_RIG_HPP

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cells.hpp"
#include "support/host_rig.hpp"

namespace fault_matrix {

inline constexpr const char* kConnector = "ninja-faults";

struct HostRun {
  int exit_code = -1;
  std::string out;  // stdout: -o json, one object per line
  std::string err;  // stderr: the log, and "error: ..." on failure

  std::vector<boost::json::object> items() const;
};

class CellRig {
 public:
  // Starts the simulator with the cell's fault seed (faults off until set_faults)
  // and writes a manifest with the cell's request timeout.
  explicit CellRig(const Cell& cell);
  CellRig(const CellRig&) = delete;
  CellRig& operator=(const CellRig&) = delete;

  // Runs `connector-host -o json --log-level info ARGS...` on the rig's state
  // directory; fails the test if the client secret shows in what it printed.
  HostRun host(const std::vector<std::string>& args) const;

  // Replaces the simulator's fault spec; "" turns faults off.
  void set_faults(const std::string& spec);
  // GET /_sim/state: the tenant as the simulator holds it now.
  boost::json::object state();
  // Every request the simulator logged so far ({"method","path","status","fault",...}).
  std::vector<boost::json::object> requests() const;

  std::filesystem::path state_dir() const { return rig_.state(); }

 private:
  test_support::HostRig rig_;
};

}  // namespace fault_matrix

#endif  // FAULT_MATRIX_CELL_RIG_HPP
