// What a handler answers, before the session turns it into an HTTP message. Large
// lists are not rendered here: they come as a ChunkSource that the session streams.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api_error.hpp"

namespace ninjaone_sim {

// Produces a body piece by piece.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // Replaces `chunk` with the next piece; returns false when that piece is the last.
  virtual bool next(std::string& chunk) = 0;
};

struct Reply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::shared_ptr<ChunkSource> stream;  // when set, the body is streamed (chunked)
  std::vector<std::pair<std::string, std::string>> headers;
};

Reply json_reply(unsigned status, const boost::json::value& value);
Reply empty_reply(unsigned status);  // e.g. 204 after DELETE
// {"resultCode","errorMessage","incidentId"}
Reply app_error_reply(const ApiError& error);
// {"error","error_description","error_code"}
Reply auth_error_reply(unsigned status, std::string_view error, std::string_view description,
                       int code);
// Renders a streamed reply into `body` (used when a fault must cut the body short).
void render_stream(Reply& reply);

std::string random_uuid();

}  // namespace ninjaone_sim
