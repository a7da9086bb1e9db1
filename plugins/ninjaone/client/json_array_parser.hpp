// Parses a JSON array that arrives in pieces into batches of its complete elements,
// so memory holds a few elements, never the whole array. Boost.JSON's basic_parser
// drives a handler that ignores the outer array and builds each element in a
// value_stack, in the arena of the batch being filled.
//
// Batches come from, and go back to, a BatchExchange. A batch is handed over at the
// first element boundary at or after the end of a piece: never in the middle of an
// element, whose parts are already in the batch's arena. The exchange may be on the
// same thread (JsonArrayStream delivers at once) or feed another thread
// (array_read_ahead.hpp).
//
// Not thread-safe: one thread at a time writes to a parser.
#pragma once

#include <boost/json/basic_parser.hpp>
#include <boost/json/value_stack.hpp>

#include <cstddef>
#include <exception>
#include <stdexcept>
#include <string_view>

#include "client/element_batch.hpp"

namespace ninjaone::client {

// The body is not a JSON array, or not valid JSON.
class MalformedJson : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a parser takes empty batches from and hands full ones to.
class BatchExchange {
 public:
  // A batch to build the next elements in, empty. May block; what it throws stops the
  // parse and propagates from JsonArrayParser::write unchanged.
  virtual ElementBatch& take_empty() = 0;
  // A batch of complete elements, which the parser no longer touches. May block or
  // throw as take_empty.
  virtual void hand_over(ElementBatch& batch) = 0;

 protected:
  ~BatchExchange() = default;
};

class JsonArrayParser {
 public:
  JsonArrayParser();

  // Starts a new document (a retried response) whose first `skip` elements are
  // dropped: they were delivered from an earlier attempt. Forgets the batch in hand,
  // which belongs to the exchange of the earlier attempt.
  void restart(std::size_t skip);

  // Parses the next piece of the document. Throws MalformedJson; an exception thrown
  // by `exchange` propagates unchanged.
  void write(std::string_view piece, BatchExchange& exchange);

  // The document ended: hands over the last batch, or throws MalformedJson if the
  // document is incomplete.
  void finish(BatchExchange& exchange);

  // Elements of the current document seen so far, skipped ones included.
  std::size_t seen() const noexcept { return parser_.handler().seen; }

 private:
  struct Handler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    bool on_document_begin(boost::json::error_code&) { return true; }
    bool on_document_end(boost::json::error_code&) { return true; }
    bool on_array_begin(boost::json::error_code& ec);
    bool on_array_end(std::size_t n, boost::json::error_code& ec);
    bool on_object_begin(boost::json::error_code& ec);
    bool on_object_end(std::size_t n, boost::json::error_code& ec);
    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code& ec);
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code& ec);
    bool on_double(double d, boost::json::string_view, boost::json::error_code& ec);
    bool on_bool(bool b, boost::json::error_code& ec);
    bool on_null(boost::json::error_code& ec);
    bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }

    // Before a value is pushed: fails the parse with `ec` when the document is not an
    // array; readies the stack for a new element (in the batch's arena) at depth 1.
    bool begin_value(boost::json::error_code& ec);
    // After a value was pushed: at depth 1 it is a whole element, for the batch.
    bool value_done(boost::json::error_code& ec);
    // Hands the batch in hand over and takes the next one; false when the exchange
    // threw (kept in `failure`).
    bool hand_over();
    // Takes a batch to build in; false when the exchange threw.
    bool take_batch();

    BatchExchange* exchange = nullptr;  // during write() and finish() only
    ElementBatch* batch = nullptr;      // being filled; from `exchange`
    boost::json::value_stack stack;
    std::size_t depth = 0;       // 1 inside the outer array, 2 inside an element, ...
    std::size_t seen = 0;        // elements of the current document
    std::size_t skip = 0;        // leading elements to drop (delivered before a retry)
    bool element_open = false;   // an element is being built
    bool hand_over_due = false;  // a piece ended inside an element: hand over after it
    std::exception_ptr failure;  // what the exchange threw, to rethrow outside the parser
  };

  // Runs the parser over `data` with `exchange`; returns the bytes it used.
  std::size_t parse(const char* data, std::size_t size, bool more, BatchExchange& exchange);
  // At the end of a piece: hands the batch over now when no element is half built,
  // else once the element in progress is complete.
  void hand_over_at_piece_end(BatchExchange& exchange);
  // Rethrows what the exchange threw inside the parser, if anything.
  void rethrow_exchange_failure();

  boost::json::basic_parser<Handler> parser_;
};

}  // namespace ninjaone::client
