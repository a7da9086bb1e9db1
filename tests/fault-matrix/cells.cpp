#include "cells.hpp"

namespace fault_matrix {
namespace {

// Every kind alone hits 30% of the requests it is eligible for (all methods, the
// token endpoint included): several times in each sync, and more than once in a
// row now and then, which is what retries must survive.
constexpr const char* kRate = "0.3";

// The simulator draws the n-th request's fault from a hash of (fault seed, n), and a
// new spec starts again at n = 0, so the seed decides where the faults fall. With
// this one the draws below 0.3 are n = 1, 3, 5, 6, 7: a sync (token, users, roles,
// organizations) meets a fault in every listing, organizations three times in a
// row; a grant (token, roles, technician, PATCH) and a revoke (token, roles, PATCH)
// meet one on their PATCH. The test checks that faults did hit, so a change in the
// plugin's requests cannot silently empty the matrix.
constexpr const char* kAloneSeed = "204";
// With all kinds together (2.5% each) this seed's sync meets eight different kinds
// (truncated, 429, reset, 503, 500, slow, the HTML 200 and 503 pages).
constexpr const char* kTogetherSeed = "1566";

// A slow reply takes this long, against a request timeout of a third of it: short
// enough for the matrix, long enough for a TLS handshake on a loaded machine.
constexpr const char* kSlowMs = "1500";
constexpr double kShortTimeoutSeconds = 0.5;

}  // namespace

std::vector<Cell> matrix_cells() {
  const auto alone = [](const std::string& name, const std::string& kind,
                        const std::string& settings = "") {
    return Cell{name, kind + "=" + kRate + settings, kAloneSeed, std::nullopt};
  };
  Cell slow = alone("slow > timeout", "slow", std::string(",slow-ms=") + kSlowMs);
  slow.request_timeout = kShortTimeoutSeconds;
  return {
      alone("429 + Retry-After", "429", ",retry-after=1"),
      alone("429 bare", "429-bare"),
      alone("HTML page 200", "html200"),
      alone("HTML page 503", "html503"),
      alone("500", "500"),
      alone("503", "503"),
      alone("reset before reply", "reset"),
      alone("reset after write", "reset-after-write"),
      slow,
      // A token revoked now and then: the plugin fetches a new one and goes on.
      Cell{"token revoked (10%)", "revoke=0.1", kAloneSeed, std::nullopt},
      // So often that the new token is revoked too before the request is retried.
      alone("token revoked (30%)", "revoke"),
      alone("malformed JSON", "malformed"),
      alone("truncated body", "truncated"),
      Cell{"all together",
           "429=0.025,429-bare=0.025,html200=0.025,html503=0.025,500=0.025,503=0.025,reset=0.025,"
           "reset-after-write=0.025,slow=0.025,revoke=0.025,malformed=0.025,truncated=0.025,"
           "retry-after=1,slow-ms=" +
               std::string(kSlowMs),
           kTogetherSeed, kShortTimeoutSeconds},
  };
}

}  // namespace fault_matrix
