// Runs the SCIMMY test server (tests/scim/server/scim_server.mjs) for one test, on
// 127.0.0.1 with a free port read back from its port file, stopped when the object
// goes; and reaches its test controls (/_test: request log, state, faults, token
// revocation) with curl. Paths come from CTest: NODE, SCIM_SERVER_SCRIPT.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace scim_test {

class ScimServer {
 public:
  // `args` is appended to the command line (eg: {"--token", "T", "--users", "9"}).
  explicit ScimServer(std::vector<std::string> args);
  ~ScimServer();
  ScimServer(const ScimServer&) = delete;
  ScimServer& operator=(const ScimServer&) = delete;

  std::string origin() const;    // http://127.0.0.1:PORT
  std::string base_url() const;  // origin + /scim/v2

  // Every request so far: {"method","path","query","status"}.
  boost::json::array requests() const;
  // How many requests had `method` and a path starting with `path`.
  std::size_t count(const std::string& method, const std::string& path) const;
  // {"users":[...],"groups":[...]} as stored now.
  boost::json::object state() const;
  // Each fault: {"method"?, "path" (a prefix), "status" (0: close), "times", "retry_after"?}.
  void set_faults(const boost::json::array& faults) const;
  void revoke_tokens() const;

 private:
  std::string control(const std::string& method, const std::string& path,
                      const std::string& body = {}) const;

  test_support::TempDir dir_;
  std::unique_ptr<test_support::ChildProcess> process_;
  unsigned short port_ = 0;
};

}  // namespace scim_test
