#include "scim_api.hpp"

#include <connector/sdk/json_fields.hpp>

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <charconv>

namespace scim {
namespace {

namespace json = boost::json;
using connector::sdk::Error;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

http::ErrorBody ScimDialect::read_error_body(std::string_view body) const {
  http::ErrorBody error = ApiDialect::read_error_body(body);
  json::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    if (const auto type = connector::sdk::optional_string(parsed.get_object(), "scimType"))
      error.code = std::string(*type);
  }
  return error;
}

std::string key_of(std::string_view scim_id) {
  std::string key(scim_id);
  replace_all(key, "%", "%25");
  replace_all(key, ":", "%3A");
  return key;
}

std::string scim_id_of(std::string_view key) {
  std::string id(key);
  replace_all(id, "%3A", ":");
  replace_all(id, "%25", "%");
  return id;
}

std::string resource_path(std::string_view endpoint, std::string_view scim_id) {
  return std::string(endpoint) + "/" + boost::urls::encode(scim_id, boost::urls::unreserved_chars);
}

std::int64_t start_of(std::string_view page_token) {
  if (page_token.empty()) return 1;
  std::int64_t start = 0;
  const auto [end, ec] = std::from_chars(page_token.begin(), page_token.end(), start);
  if (ec != std::errc() || end != page_token.end() || start < 1)
    throw Error(CONN_INVALID_ARGUMENT, "bad page token '" + std::string(page_token) + "'");
  return start;
}

ListPage read_page(http::ApiClient& api, const connector::sdk::Call& call,
                   std::string_view endpoint, std::int64_t start_index, int count) {
  const std::string target = std::string(endpoint) + "?startIndex=" + std::to_string(start_index) +
                             "&count=" + std::to_string(count);
  json::value answer = api.get_json(call, target);
  const json::object* list = answer.if_object();
  const json::value* resources = list ? list->if_contains("Resources") : nullptr;
  if (list == nullptr || (resources != nullptr && !resources->is_array()))
    throw Error(CONN_UNKNOWN, "GET " + target +
                                  " answered with something that is not a SCIM "
                                  "ListResponse");
  ListPage page;
  if (resources != nullptr)
    page.resources = std::move(answer.get_object()["Resources"].get_array());
  const auto returned = static_cast<std::int64_t>(page.resources.size());
  const auto total = connector::sdk::optional_int64(*list, "totalResults").value_or(0);
  if (returned > 0 && start_index - 1 + returned < total) page.next_start = start_index + returned;
  return page;
}

std::optional<json::object> read_resource(http::ApiClient& api, const connector::sdk::Call& call,
                                          const std::string& path) {
  try {
    json::value answer = api.get_json(call, path);
    if (!answer.is_object())
      throw Error(CONN_UNKNOWN, "GET " + path + " answered with something that is not an object");
    return std::move(answer.get_object());
  } catch (const Error& e) {
    if (e.status() == CONN_NOT_FOUND) return std::nullopt;
    throw;
  }
}

}  // namespace scim
