// Reads a streamed JSON array body on a thread of its own, which also parses it, while
// the calling thread hands the parsed elements to the consumer: the network, TLS, HTTP
// framing and JSON parsing of the next part of the body overlap with the consumer's
// work on the previous part, instead of taking turns with it.
//
// The two threads meet in a BatchHandoff of a few batches, so memory stays bounded
// whatever the speed of either side. The calling thread checks for cancellation while
// it waits, and when it stops early (cancelled, or the consumer threw) it aborts the
// read in progress and joins the reader before returning.
#pragma once

#include <connector/sdk.hpp>

#include <cstddef>
#include <functional>

#include "client/json_array_stream.hpp"

namespace ninjaone::client {

// Where the reading thread gets the body from.
struct BodySource {
  // Reads up to `size` bytes into `out`; returns how many, 0 once the body is
  // complete. Throws (TransportError) when the read fails. [reading thread]
  std::function<std::size_t(char* out, std::size_t size)> read;
  // Makes a read in progress, and any later one, fail at once. [thread-safe]
  std::function<void()> abort;
};

struct ReadAheadLimits {
  std::size_t batches = 4;            // batches going round: the bound on parsed memory
  std::size_t read_size = 64 * 1024;  // bytes asked of each read
};

// Reads and parses the whole body into `stream` (restarted by the caller) and hands
// every element to its on_item, on the calling thread. Returns once the body ended and
// the reading thread was joined. Throws what the reading thread threw (TransportError,
// MalformedJson), after handing over every element parsed before the failure; what
// on_item threw; or CANCELLED. Calls `on_bytes` with each read's size, on the reading
// thread. `most_queued`, when given, receives the largest number of batches that
// waited for the calling thread at once.
void read_array_ahead(const connector::sdk::Call& call, const BodySource& body,
                      JsonArrayStream& stream, const std::function<void(std::size_t)>& on_bytes,
                      const ReadAheadLimits& limits = {}, std::size_t* most_queued = nullptr);

}  // namespace ninjaone::client
