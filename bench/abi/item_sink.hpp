// What the host does with each item it receives: copy it (the ABI lends the bytes
// only for the duration of `emit`) and parse it with Boost.JSON, reading a field so
// the parse cannot be optimized away. Both sides of the benchmark use this sink.
#ifndef CONNECTOR_BENCH_ABI_ITEM_SINK_HPP
#define CONNECTOR_BENCH_ABI_ITEM_SINK_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace bench_abi {

class ItemSink {
 public:
  void accept(std::string_view item) {
    copy_.assign(item.data(), item.size());
    // A fresh arena per item on a reused buffer: the parsed value allocates nothing
    // from the heap, as a host that only inspects an item before storing its text.
    boost::json::monotonic_resource arena(scratch_, sizeof scratch_);
    parser_.reset(&arena);
    parser_.write(copy_);
    const boost::json::value value = parser_.release();
    checksum_ += value.as_object().at("id").as_string().size();
    ++count_;
  }

  std::uint64_t count() const { return count_; }
  // Sum of the id lengths: equal on both sides when they saw the same items.
  std::uint64_t checksum() const { return checksum_; }
  void clear() { count_ = checksum_ = 0; }

 private:
  std::string copy_;
  boost::json::parser parser_;
  alignas(std::max_align_t) unsigned char scratch_[4096];
  std::uint64_t count_ = 0;
  std::uint64_t checksum_ = 0;
};

}  // namespace bench_abi

#endif  // CONNECTOR_BENCH_ABI_ITEM_SINK_HPP
