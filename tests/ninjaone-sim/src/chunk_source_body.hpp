// A Beast Body whose writer pulls the message body from a ChunkSource, one chunk at a
// time, so streamed replies go out with chunked transfer encoding and never exist
// whole in memory.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <memory>
#include <string>

#include "reply.hpp"

namespace ninjaone_sim {

struct ChunkSourceBody {
  using value_type = std::shared_ptr<ChunkSource>;

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& source)
        : source_(source) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      if (done_) return boost::none;
      const bool more = source_->next(chunk_);
      done_ = !more;
      return {{const_buffers_type(chunk_.data(), chunk_.size()), more}};
    }

   private:
    const value_type& source_;
    std::string chunk_;  // must outlive the buffer handed to the serializer
    bool done_ = false;
  };
};

}  // namespace ninjaone_sim
