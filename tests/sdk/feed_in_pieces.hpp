// Feeds a whole document to a JsonArrayStream as a network would: in pieces of random
// sizes from 1 to `max_piece` bytes, then finish().
#pragma once

#include <algorithm>
#include <random>
#include <string_view>

#include <connector/sdk/json_array_stream.hpp>

namespace sdk_test {

inline void feed_in_pieces(connector::sdk::JsonArrayStream& stream, std::string_view text,
                           std::mt19937& random, std::size_t max_piece) {
  std::uniform_int_distribution<std::size_t> size(1, max_piece);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t n = std::min(size(random), text.size() - at);
    stream.write(text.substr(at, n));
    at += n;
  }
  stream.finish();
}

}  // namespace sdk_test
