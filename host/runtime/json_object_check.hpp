// Whether a text is exactly one JSON object, checked without building it: Boost.JSON's
// SAX parser (basic_parser) reads the whole text with a handler that keeps nothing,
// so a check allocates nothing once warm. CallContext checks each item this way
// before a text sink gets it, so a text sink is refused what an object sink is.
#pragma once

#include <boost/json/error.hpp>

#include <memory>
#include <string_view>

namespace connector::host::runtime {

class JsonObjectCheck {
 public:
  enum class Verdict { object, not_json, not_an_object };

  JsonObjectCheck();
  ~JsonObjectCheck();
  JsonObjectCheck(const JsonObjectCheck&) = delete;
  JsonObjectCheck& operator=(const JsonObjectCheck&) = delete;

  // `error` says why the text is not JSON (Verdict::not_json); trailing data counts.
  Verdict check(std::string_view text, boost::json::error_code& error);

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace connector::host::runtime
