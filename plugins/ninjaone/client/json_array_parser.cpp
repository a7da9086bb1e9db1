#include "client/json_array_parser.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>

#include <utility>

namespace ninjaone::client {

namespace json = boost::json;

JsonArrayParser::JsonArrayParser() : parser_(json::parse_options{}) { restart(0); }

void JsonArrayParser::restart(std::size_t skip) {
  parser_.reset();
  Handler& h = parser_.handler();
  h.stack.reset();  // drops a partly built element
  h.exchange = nullptr;
  h.batch = nullptr;
  h.depth = 0;
  h.seen = 0;
  h.skip = skip;
  h.element_open = false;
  h.hand_over_due = false;
  h.failure = nullptr;
}

std::size_t JsonArrayParser::parse(const char* data, std::size_t size, bool more,
                                   BatchExchange& exchange) {
  Handler& h = parser_.handler();
  h.exchange = &exchange;
  json::error_code ec;
  const std::size_t used = parser_.write_some(more, data, size, ec);
  h.exchange = nullptr;
  rethrow_exchange_failure();
  if (ec) throw MalformedJson("the response is not a JSON array: " + ec.message());
  return used;
}

void JsonArrayParser::rethrow_exchange_failure() {
  Handler& h = parser_.handler();
  if (h.failure) std::rethrow_exception(std::exchange(h.failure, nullptr));
}

void JsonArrayParser::hand_over_at_piece_end(BatchExchange& exchange) {
  Handler& h = parser_.handler();
  if (h.batch == nullptr || h.batch->empty()) return;
  if (h.element_open) {
    h.hand_over_due = true;  // its parts are in the batch's arena already
    return;
  }
  h.exchange = &exchange;
  h.hand_over();
  h.exchange = nullptr;
  rethrow_exchange_failure();
}

void JsonArrayParser::write(std::string_view piece, BatchExchange& exchange) {
  const std::size_t used = parse(piece.data(), piece.size(), true, exchange);
  if (used < piece.size()) throw MalformedJson("the response has data after its JSON array");
  hand_over_at_piece_end(exchange);
}

void JsonArrayParser::finish(BatchExchange& exchange) {
  parse(nullptr, 0, false, exchange);
  hand_over_at_piece_end(exchange);
}

bool JsonArrayParser::Handler::begin_value(json::error_code& ec) {
  if (depth == 0) {
    ec = json::error::syntax;  // the top level is not an array
    return false;
  }
  if (depth > 1 || element_open) return true;
  if (batch == nullptr && !take_batch()) return false;
  stack.reset(batch->arena());
  element_open = true;
  return true;
}

bool JsonArrayParser::Handler::value_done(json::error_code&) {
  if (depth != 1) return true;
  element_open = false;
  {
    json::value element = stack.release();
    // Gone before any hand-over: destroying it touches the batch's arena.
    if (seen++ >= skip) batch->elements().push_back(std::move(element));
  }
  if (!hand_over_due) return true;
  hand_over_due = false;
  return hand_over();
}

bool JsonArrayParser::Handler::hand_over() {
  ElementBatch* full = std::exchange(batch, nullptr);
  try {
    exchange->hand_over(*full);
  } catch (...) {
    failure = std::current_exception();
    return false;
  }
  return true;
}

bool JsonArrayParser::Handler::take_batch() {
  try {
    batch = &exchange->take_empty();
  } catch (...) {
    failure = std::current_exception();
    return false;
  }
  return true;
}

bool JsonArrayParser::Handler::on_array_begin(json::error_code& ec) {
  // The outer array itself is not built, only its elements.
  if (depth > 0 && !begin_value(ec)) return false;
  ++depth;
  return true;
}

bool JsonArrayParser::Handler::on_array_end(std::size_t n, json::error_code& ec) {
  if (--depth == 0) return true;
  stack.push_array(n);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_object_begin(json::error_code& ec) {
  if (!begin_value(ec)) return false;
  ++depth;
  return true;
}

bool JsonArrayParser::Handler::on_object_end(std::size_t n, json::error_code& ec) {
  --depth;
  stack.push_object(n);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_string_part(json::string_view s, std::size_t,
                                              json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_chars(s);
  return true;
}

bool JsonArrayParser::Handler::on_string(json::string_view s, std::size_t, json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_string(s);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_key_part(json::string_view s, std::size_t, json::error_code&) {
  stack.push_chars(s);
  return true;
}

bool JsonArrayParser::Handler::on_key(json::string_view s, std::size_t, json::error_code&) {
  stack.push_key(s);
  return true;
}

bool JsonArrayParser::Handler::on_int64(std::int64_t i, json::string_view, json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_int64(i);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_uint64(std::uint64_t u, json::string_view, json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_uint64(u);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_double(double d, json::string_view, json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_double(d);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_bool(bool b, json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_bool(b);
  return value_done(ec);
}

bool JsonArrayParser::Handler::on_null(json::error_code& ec) {
  if (!begin_value(ec)) return false;
  stack.push_null();
  return value_done(ec);
}

}  // namespace ninjaone::client
