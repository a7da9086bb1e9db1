// Reads a response body on a thread of its own, a few buffers ahead of the calling
// thread, which consumes it piece by piece, in order. The socket is drained, TLS
// decrypted and the HTTP framing undone while the calling thread parses the pieces
// already read and hands their elements over, so neither waits for the other and the
// server is not held back by a full socket buffer.
//
// Only raw bytes cross threads: the parsed values are built and used on the calling
// thread, where they stay in the cache. (Parsing on the reading thread too was
// measured: the values then cross cores twice, and a parse-bound listing got slower.)
//
// Memory stays bounded (the buffers of ReadAheadLimits). The calling thread checks for
// cancellation while it waits, and when it stops early (cancelled, or the consumer
// threw) it aborts the read in progress and joins the reader before returning.
#pragma once

#include <connector/sdk.hpp>

#include <cstddef>
#include <functional>
#include <string_view>

namespace connector::sdk::http {

// Where the reading thread gets the body from.
struct BodySource {
  // Reads up to `size` bytes into `out`; returns how many, 0 once the body is
  // complete. Throws (TransportError) when the read fails. [reading thread]
  std::function<std::size_t(char* out, std::size_t size)> read;
  // Makes a read in progress, and any later one, fail at once. [thread-safe]
  std::function<void()> abort;
};

struct ReadAheadLimits {
  std::size_t buffers = 16;             // how far the reader may get ahead, in buffers
  std::size_t buffer_size = 64 * 1024;  // bytes asked of each read
};

// Reads the whole body and calls `consume` with each piece, in order, on the calling
// thread. Returns once the body ended and the reading thread was joined. Throws what
// the reading thread threw (TransportError), after consuming every piece read before
// the failure; what `consume` threw; or CANCELLED. `most_queued`, when given, receives
// the largest number of pieces that waited for the consumer at once.
void read_body_ahead(const connector::sdk::Call& call, const BodySource& body,
                     const std::function<void(std::string_view)>& consume,
                     const ReadAheadLimits& limits = {}, std::size_t* most_queued = nullptr);

}  // namespace connector::sdk::http
