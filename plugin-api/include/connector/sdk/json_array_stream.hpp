// Parses a JSON array that arrives in pieces and hands over each element as soon as
// it is complete, so memory holds one element, never the whole array. Boost.JSON's
// basic_parser drives a handler that ignores the outer array and builds each
// element in a value_stack, released one at a time.
//
// Each element is built in an arena (sdk/element_arena.hpp: bump allocation, no heap call
// per string or object) that is recycled for the next element once the handed-over one
// is gone, so it stays in the cache. on_item may still keep the value, or part of it,
// by moving or copying: the arena is reference-counted by the values that use it and
// counts their live allocations, so an arena still in use after on_item is left to
// its holders and a fresh one takes over.
//
// A reader that needs a few members of each object element reads it as a record
// instead (RecordShape, JsonRecord): only the members the shape names are built,
// each as its own value; the others are checked as JSON and dropped as they are
// read. A listing of 100,000 users then builds no object per user and no member it
// does not read.
#pragma once

#include <boost/json/basic_parser.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace connector::sdk {

class ElementArena;  // the bump arena an element is built in (internal to the SDK)

// The body is not a JSON array, or not valid JSON.
class MalformedJson : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One element, or one string in it, is past its limit (ElementLimits). Trying again
// gets the same answer, so this is not a malformed body to retry.
class OversizedElement : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How large one element may grow while it is built, so that one absurd element (a
// 400 MiB firstName) cannot take the process's memory: the whole array may be of any
// size, since only one element is in memory at a time. An element's size is counted
// as its memory once parsed: every string and key's bytes, plus 16 bytes per value.
struct ElementLimits {
  std::size_t max_element_bytes = 4 * 1024 * 1024;
  std::size_t max_string_bytes = 1024 * 1024;  // one string or key
};

// The top-level members of an object element that a record keeps, by name.
class RecordShape {
 public:
  explicit RecordShape(std::vector<std::string> names) : names_(std::move(names)) {}

  std::size_t size() const noexcept { return names_.size(); }
  std::string_view name(std::size_t index) const { return names_.at(index); }
  // The index of the member named `key`; size() when the shape does not name it.
  std::size_t index_of(std::string_view key) const noexcept {
    std::size_t index = 0;
    while (index < names_.size() && names_[index] != key) ++index;
    return index;
  }

 private:
  std::vector<std::string> names_;
};

// One element read as a record; valid only during the call that receives it.
class JsonRecord {
 public:
  JsonRecord(bool is_object, std::span<const std::optional<boost::json::value>> members)
      : is_object_(is_object), members_(members) {}

  // False for an element that is not an object (it has no members).
  bool is_object() const noexcept { return is_object_; }
  // The member the shape names at `index`, as parsing the element would give it (of
  // a member given twice, the last); nullptr when the element has none.
  const boost::json::value* member(std::size_t index) const noexcept {
    if (index >= members_.size() || !members_[index]) return nullptr;
    return &*members_[index];
  }

 private:
  bool is_object_;
  std::span<const std::optional<boost::json::value>> members_;
};

class JsonArrayStream {
 public:
  using OnItem = std::function<void(boost::json::value&&)>;
  using OnRecord = std::function<void(const JsonRecord&)>;

  // Hands over each element whole.
  explicit JsonArrayStream(OnItem on_item, ElementLimits limits = {});
  // Hands over each element as a record of `shape` (which must outlive the stream).
  // The limits count every member, kept or not, as whole elements count.
  JsonArrayStream(const RecordShape& shape, OnRecord on_record, ElementLimits limits = {});

  // Starts a new document (a retried response), keeping the count of elements
  // already handed over: that many leading elements of the new document are
  // skipped, so each element reaches on_item once.
  void restart();

  // Feeds the next piece of the document. Throws MalformedJson, OversizedElement; an
  // exception thrown by on_item propagates unchanged.
  void write(std::string_view piece);

  // The document ended: throws MalformedJson if it is incomplete.
  void finish();

  // Elements of the current document seen so far, and elements handed over in all.
  std::size_t seen() const noexcept { return parser_.handler().seen; }
  std::size_t delivered() const noexcept { return parser_.handler().delivered; }

 private:
  struct Handler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    Handler(OnItem callback, ElementLimits element_limits)
        : on_item(std::move(callback)), limits(element_limits) {}
    Handler(const RecordShape& record_shape, OnRecord callback, ElementLimits element_limits)
        : on_record(std::move(callback)),
          limits(element_limits),
          shape(&record_shape),
          members(record_shape.size()) {}

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

    // Inside the outer array? Fails the parse with `ec` when the document is not an array.
    bool inside_array(boost::json::error_code& ec);
    // Whether the value being read is built: every one of a whole element; of a
    // record, those inside a member the shape names.
    bool builds() const noexcept {
      return shape == nullptr || (depth >= 2 && element_is_object && member < shape->size());
    }
    // Whether the value read is a record member's whole value (not a part of one).
    bool member_value() const noexcept { return shape != nullptr && depth == 2 && builds(); }
    // Sets a record member that is a scalar straight into its place: no stack, and no
    // memory, so not the arena either (each value holding the arena counts a
    // reference to it).
    template <typename Scalar>
    bool keep(Scalar scalar) {
      members[member].emplace(scalar);
      return true;
    }
    // Whether a key is one of a record's member names, read aside, not built.
    bool record_key() const noexcept { return shape != nullptr && depth == 2; }
    // After a value was read (and pushed, if built): at depth 1 it is a whole element,
    // to hand over; at depth 2 in a record, a member's value, to keep.
    bool value_done(boost::json::error_code& ec);
    // Hands `item` to on_item unless it was handed over before a retry; false when
    // on_item threw. `item` is destroyed on return, before the arena is looked at.
    bool deliver(boost::json::value item);
    // The same for the record read (emptied by next_element()).
    bool deliver_record();
    // Whether the element is to be handed over: false when it was before a retry.
    bool first_time() {
      if (seen++ < delivered) return false;
      ++delivered;
      return true;
    }
    // Readies the stack for the next element: the same arena when nothing of the last
    // element is alive any more, a fresh one otherwise.
    void next_element();
    // Counts `bytes` more of the element being built, `string_part` of them for the
    // string or key in progress; false (with `ec` set and `oversized` saying why) once
    // a limit is passed. Called for every value, so the common case stays inline.
    bool grow(std::size_t bytes, std::size_t string_part, boost::json::error_code& ec) {
      element_bytes += bytes;
      string_bytes += string_part;
      if (element_bytes <= limits.max_element_bytes && string_bytes <= limits.max_string_bytes)
          [[likely]] {
        return true;
      }
      return refuse_oversized(ec);
    }
    // A value of any kind was added to the element.
    bool count_value(boost::json::error_code& ec) {
      element_bytes += kValueBytes;
      if (element_bytes <= limits.max_element_bytes) [[likely]]
        return true;
      return refuse_oversized(ec);
    }
    // Says which limit was passed, and stops the parser.
    bool refuse_oversized(boost::json::error_code& ec);

    static constexpr std::size_t kValueBytes = 16;  // sizeof(boost::json::value)

    OnItem on_item;  // whole elements; or:
    OnRecord on_record;
    ElementLimits limits;
    // A record's reading (shape set): its kept members by the shape's index, the
    // element member whose value is being read (shape->size(): one not kept), and
    // that member's name as it arrives.
    const RecordShape* shape = nullptr;
    std::vector<std::optional<boost::json::value>> members;
    std::size_t member = 0;
    std::string key;
    bool element_is_object = false;
    std::size_t element_bytes = 0;        // of the element being built
    std::size_t string_bytes = 0;         // of the string or key being built
    std::string oversized;                // why grow() refused, for the exception
    boost::json::storage_ptr arena;       // shared with the values built in it
    ElementArena* arena_state = nullptr;  // the arena itself, behind `arena`
    boost::json::value_stack stack;
    std::size_t depth = 0;       // 1 inside the outer array, 2 inside an element, ...
    bool at_end = false;         // finish(): no more input for this document
    std::size_t seen = 0;        // elements of the current document
    std::size_t delivered = 0;   // elements handed to on_item, over all documents
    std::exception_ptr failure;  // what on_item threw, to rethrow outside the parser
  };

  void check(boost::json::error_code ec);

  boost::json::basic_parser<Handler> parser_;
};

}  // namespace connector::sdk
