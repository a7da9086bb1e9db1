#include "runtime/json_object_check.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstdint>

namespace connector::host::runtime {
namespace {

namespace json = boost::json;

// Keeps only whether the document's value is an object (its first event).
struct FirstEvent {
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  bool started = false;
  bool object = false;

  bool value(bool is_object) {
    if (!started) object = is_object;
    started = true;
    return true;
  }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return value(true); }
  bool on_object_end(std::size_t, json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return value(false); }
  bool on_array_end(std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_key(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) { return value(false); }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return value(false); }
  bool on_number_part(json::string_view, json::error_code&) { return value(false); }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return value(false); }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return value(false); }
  bool on_double(double, json::string_view, json::error_code&) { return value(false); }
  bool on_bool(bool, json::error_code&) { return value(false); }
  bool on_null(json::error_code&) { return value(false); }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

}  // namespace

struct JsonObjectCheck::Parser : json::basic_parser<FirstEvent> {
  Parser() : json::basic_parser<FirstEvent>(json::parse_options{}) {}
};

JsonObjectCheck::JsonObjectCheck() : parser_(std::make_unique<Parser>()) {}
JsonObjectCheck::~JsonObjectCheck() = default;

JsonObjectCheck::Verdict JsonObjectCheck::check(std::string_view text, json::error_code& error) {
  Parser& parser = *parser_;
  parser.reset();
  parser.handler() = FirstEvent{};
  error = {};
  const std::size_t read = parser.write_some(false, text.data(), text.size(), error);
  if (!error && read < text.size()) error = json::error::extra_data;
  if (error) return Verdict::not_json;
  return parser.handler().object ? Verdict::object : Verdict::not_an_object;
}

}  // namespace connector::host::runtime
