// A streamed JSON array body and its consumer, across the attempts of one request:
// parses the body as it arrives (JsonArrayParser) and hands each element to on_item,
// so memory holds a few elements, never the whole array. Retried after a failure in
// the middle of the body, it skips the elements already handed over, so on_item sees
// each element once.
//
// It parses either on the calling thread (write, finish), handing over the elements
// complete at the end of each piece; or on a thread reading ahead
// (array_read_ahead.hpp), which fills batches through parser() while the calling
// thread hands them to on_item through deliver().
//
// Each batch is built in an arena (bump allocation, no heap call per string or
// object) that is recycled once the elements handed over are gone. on_item may still
// keep an element, or part of it, by moving or copying: see element_batch.hpp.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <string_view>

#include "client/element_batch.hpp"
#include "client/json_array_parser.hpp"

namespace ninjaone::client {

class JsonArrayStream final : private BatchExchange {
 public:
  using OnItem = std::function<void(boost::json::value&&)>;

  explicit JsonArrayStream(OnItem on_item);

  // Starts a new document (a retried response), keeping the count of elements
  // already handed over: that many leading elements of the new document are
  // skipped, so each element reaches on_item once.
  void restart();

  // Feeds the next piece of the document and hands the elements complete at its end
  // (or, when it ends inside an element, once that one is complete) to on_item.
  // Throws MalformedJson; an exception thrown by on_item propagates unchanged.
  void write(std::string_view piece);

  // The document ended: hands over the last elements, or throws MalformedJson if it
  // is incomplete.
  void finish();

  // The parser, for a thread reading ahead; it must be done with it before the
  // stream is used otherwise.
  JsonArrayParser& parser() noexcept { return parser_; }

  // Hands each element of `batch` to on_item, then clears the batch. An exception
  // from on_item propagates; the elements after it stay undelivered.
  void deliver(ElementBatch& batch);

  // Elements of the current document seen so far, and elements handed over in all.
  std::size_t seen() const noexcept { return parser_.seen(); }
  std::size_t delivered() const noexcept { return delivered_; }

 private:
  // Parsing on the calling thread: one batch, delivered as soon as it is handed over.
  ElementBatch& take_empty() override;
  void hand_over(ElementBatch& batch) override { deliver(batch); }

  OnItem on_item_;
  JsonArrayParser parser_;
  ElementBatch batch_;
  std::size_t delivered_ = 0;
};

}  // namespace ninjaone::client
