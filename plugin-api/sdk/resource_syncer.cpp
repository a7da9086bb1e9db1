#include <connector/sdk/ids.hpp>
#include <connector/sdk/resource_syncer.hpp>

namespace connector::sdk::detail {
namespace {

constexpr char kStreamSeparator = '|';

[[noreturn]] void bad_token() { throw Error(CONN_INVALID_ARGUMENT, "bad page token"); }

}  // namespace

StreamPosition parse_stream_token(std::string_view token,
                                  const std::vector<std::string_view>& type_ids) {
  if (token.empty()) return {};
  const std::size_t bar = token.find(kStreamSeparator);
  if (bar == std::string_view::npos) bad_token();
  const std::string_view type = token.substr(0, bar);
  for (std::size_t index = 0; index < type_ids.size(); ++index) {
    if (type_ids[index] == type) return {index, token.substr(bar + 1)};
  }
  bad_token();
}

std::string stream_token(std::string_view type_id, std::string_view type_token) {
  std::string token(type_id);
  token += kStreamSeparator;
  token += type_token;
  return token;
}

void refuse_unknown_type(std::string_view id, const std::vector<std::string_view>& type_ids) {
  std::string known;
  for (const std::string_view each : type_ids) {
    known += (known.empty() ? "" : ", ") + std::string(each);
  }
  throw Error(CONN_INVALID_ARGUMENT,
              "unknown resource type '" + std::string(id) + "' (known: " + known + ")");
}

std::pair<std::string, std::string> split_resource_id(std::string_view resource_id) {
  auto id = ids::parse_resource(resource_id);
  if (!id) {
    throw Error(CONN_INVALID_ARGUMENT,
                "'" + std::string(resource_id) + "' is not a resource id (TYPE:ID)");
  }
  return {std::move(id->type), std::move(id->key)};
}

}  // namespace connector::sdk::detail
