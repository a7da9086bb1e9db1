#include <connector/sdk/json_array_stream.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>

#include "element_arena.hpp"

namespace connector::sdk {

namespace json = boost::json;

namespace {

std::string mebibytes(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

JsonArrayStream::JsonArrayStream(OnItem on_item, ElementLimits limits)
    : parser_(json::parse_options{}, std::move(on_item), limits) {
  restart();
}

JsonArrayStream::JsonArrayStream(const RecordShape& shape, OnRecord on_record, ElementLimits limits)
    : parser_(json::parse_options{}, shape, std::move(on_record), limits) {
  restart();
}

void JsonArrayStream::restart() {
  parser_.reset();
  Handler& h = parser_.handler();
  h.stack.reset();  // drops a partly built element
  h.next_element();
  h.depth = 0;
  h.at_end = false;
  h.seen = 0;
  h.failure = nullptr;
  h.oversized.clear();
}

void JsonArrayStream::check(json::error_code ec) {
  Handler& h = parser_.handler();
  if (h.failure) std::rethrow_exception(std::exchange(h.failure, nullptr));
  if (!h.oversized.empty()) throw OversizedElement(h.oversized);
  if (ec) throw MalformedJson("the response is not a JSON array: " + ec.message());
}

void JsonArrayStream::write(std::string_view piece) {
  json::error_code ec;
  const std::size_t used = parser_.write_some(true, piece.data(), piece.size(), ec);
  check(ec);
  if (used < piece.size()) throw MalformedJson("the response has data after its JSON array");
}

void JsonArrayStream::finish() {
  parser_.handler().at_end = true;
  json::error_code ec;
  parser_.write_some(false, nullptr, 0, ec);
  check(ec);
}

bool JsonArrayStream::Handler::inside_array(json::error_code& ec) {
  if (depth > 0) return true;
  ec = json::error::syntax;  // the top level is not an array
  return false;
}

bool JsonArrayStream::Handler::value_done(json::error_code&) {
  if (depth == 2 && shape != nullptr && builds()) {
    // A kept member of a record is complete. Releasing the stack leaves it without
    // the arena, which the next member is built in too.
    members[member].emplace(stack.release());
    stack.reset(arena);
    return true;
  }
  if (depth != 1) return true;
  // A value that only the end of input completes is a number the body was cut in (a
  // complete array ends with `]`, read before finish()). The document fails as
  // incomplete; handing the number over would make it count as delivered, and a
  // retry would skip the whole number as already seen: [101,102,10 gave 10 for 103.
  if (at_end) return true;
  const bool delivered_ok = shape != nullptr ? deliver_record() : deliver(stack.release());
  next_element();
  return delivered_ok;  // false: check() rethrows what on_item threw
}

bool JsonArrayStream::Handler::deliver(json::value item) {
  if (!first_time()) return true;  // handed over before a retry
  try {
    on_item(std::move(item));
  } catch (...) {
    failure = std::current_exception();
    return false;
  }
  return true;
}

bool JsonArrayStream::Handler::deliver_record() {
  if (!first_time()) return true;
  try {
    on_record(JsonRecord(element_is_object, members));
  } catch (...) {
    failure = std::current_exception();
    return false;
  }
  return true;
}

bool JsonArrayStream::Handler::refuse_oversized(json::error_code& ec) {
  const std::string element = "element " + std::to_string(seen + 1) + " of the array";
  if (string_bytes > limits.max_string_bytes) {
    oversized = element + " holds a string longer than " + mebibytes(limits.max_string_bytes) +
                ", the client's limit for one string";
  } else {
    oversized = element + " is larger than " + mebibytes(limits.max_element_bytes) +
                ", the client's limit for one element";
  }
  ec = json::error::exception;  // stops the parser; check() throws OversizedElement
  return false;
}

void JsonArrayStream::Handler::next_element() {
  element_bytes = 0;
  string_bytes = 0;
  // A record's members go before the arena is looked at: they were built in it.
  for (auto& kept : members) kept.reset();
  member = members.size();  // none yet
  key.clear();
  element_is_object = false;
  if (arena_state != nullptr && arena_state->unused()) {
    arena_state->recycle();
  } else {
    arena = json::make_shared_resource<ElementArena>(arena_state);
  }
  stack.reset(arena);
}

bool JsonArrayStream::Handler::on_array_begin(json::error_code&) {
  ++depth;  // the outer array itself is not built, only its elements
  return true;
}

bool JsonArrayStream::Handler::on_array_end(std::size_t n, json::error_code& ec) {
  if (--depth == 0) return true;
  if (!count_value(ec)) return false;
  if (builds()) stack.push_array(n);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_object_begin(json::error_code& ec) {
  if (!inside_array(ec)) return false;
  if (++depth == 2) element_is_object = true;
  return true;
}

bool JsonArrayStream::Handler::on_object_end(std::size_t n, json::error_code& ec) {
  --depth;
  if (!count_value(ec)) return false;
  if (builds()) stack.push_object(n);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_string_part(json::string_view s, std::size_t,
                                              json::error_code& ec) {
  if (!inside_array(ec) || !grow(s.size(), s.size(), ec)) return false;
  if (builds()) stack.push_chars(s);
  return true;
}

bool JsonArrayStream::Handler::on_string(json::string_view s, std::size_t size,
                                         json::error_code& ec) {
  if (!inside_array(ec) || !grow(s.size() + kValueBytes, s.size(), ec)) return false;
  string_bytes = 0;
  if (member_value() && size == s.size()) {  // in one piece: no part is on the stack
    members[member].emplace(s, arena);
    return true;
  }
  if (builds()) stack.push_string(s);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_key_part(json::string_view s, std::size_t, json::error_code& ec) {
  if (!grow(s.size(), s.size(), ec)) return false;
  if (record_key()) {
    key.append(s.data(), s.size());
  } else if (builds()) {
    stack.push_chars(s);
  }
  return true;
}

bool JsonArrayStream::Handler::on_key(json::string_view s, std::size_t, json::error_code& ec) {
  if (!grow(s.size() + kValueBytes, s.size(), ec)) return false;
  string_bytes = 0;
  if (record_key()) {
    if (key.empty()) {
      member = shape->index_of(s);  // the common case: the name in one piece
    } else {
      key.append(s.data(), s.size());
      member = shape->index_of(key);
      key.clear();
    }
  } else if (builds()) {
    stack.push_key(s);
  }
  return true;
}

bool JsonArrayStream::Handler::on_int64(std::int64_t i, json::string_view, json::error_code& ec) {
  if (!inside_array(ec) || !count_value(ec)) return false;
  if (member_value()) return keep(i);
  if (builds()) stack.push_int64(i);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_uint64(std::uint64_t u, json::string_view, json::error_code& ec) {
  if (!inside_array(ec) || !count_value(ec)) return false;
  if (member_value()) return keep(u);
  if (builds()) stack.push_uint64(u);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_double(double d, json::string_view, json::error_code& ec) {
  if (!inside_array(ec) || !count_value(ec)) return false;
  if (member_value()) return keep(d);
  if (builds()) stack.push_double(d);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_bool(bool b, json::error_code& ec) {
  if (!inside_array(ec) || !count_value(ec)) return false;
  if (member_value()) return keep(b);
  if (builds()) stack.push_bool(b);
  return value_done(ec);
}

bool JsonArrayStream::Handler::on_null(json::error_code& ec) {
  if (!inside_array(ec) || !count_value(ec)) return false;
  if (member_value()) return keep(nullptr);
  if (builds()) stack.push_null();
  return value_done(ec);
}

}  // namespace connector::sdk
