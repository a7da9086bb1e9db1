// The OAuth endpoints: POST /ws/oauth/token (also /oauth/token), form-encoded, and
// GET /ws/oauth/authorize for the authorization-code flow.
#include <openssl/evp.h>

#include <algorithm>
#include <boost/url/decode_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url.hpp>
#include <unordered_map>

#include "handlers.hpp"

namespace ninjaone_sim {
namespace {

// "Basic base64(id:secret)" → {id, secret}.
std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view header) {
  constexpr std::string_view prefix = "Basic ";
  if (!header.starts_with(prefix)) return std::nullopt;
  auto encoded = header.substr(prefix.size());
  std::string decoded(encoded.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                reinterpret_cast<const unsigned char*>(encoded.data()),
                                static_cast<int>(encoded.size()));
  if (n < 0) return std::nullopt;
  decoded.resize(static_cast<std::size_t>(n));
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  while (!decoded.empty() && decoded.back() == '\0') decoded.pop_back();
  auto colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

// Decodes an application/x-www-form-urlencoded body. Lenient like common servers:
// raw spaces are taken as they are; a broken percent escape makes the body malformed.
std::optional<std::unordered_map<std::string, std::string>> parse_form(std::string_view body) {
  auto decode = [](std::string_view text) -> std::optional<std::string> {
    std::string plus_as_space(text);
    std::replace(plus_as_space.begin(), plus_as_space.end(), '+', ' ');
    auto encoded = boost::urls::make_pct_string_view(plus_as_space);
    if (!encoded) return std::nullopt;
    std::string out;
    for (char c : boost::urls::decode_view(*encoded)) out += c;
    return out;
  };
  std::unordered_map<std::string, std::string> form;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const auto pair = body.substr(start, end - start);
    const auto eq = pair.find('=');
    auto key = decode(pair.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    if (!key->empty()) form.try_emplace(std::move(*key), std::move(*value));
    start = end + 1;
  }
  return form;
}

}  // namespace

Reply token(Services& s, const ApiRequest& r) {
  if (!r.content_type.starts_with("application/x-www-form-urlencoded")) {
    return auth_error_reply(400, "invalid_request",
                            "The token endpoint takes application/x-www-form-urlencoded", 2);
  }
  const auto form = parse_form(r.body);
  if (!form) return auth_error_reply(400, "invalid_request", "Malformed form body", 2);
  auto reply = s.oauth.token(*form, basic_credentials(r.authorization));
  auto out = json_reply(reply.status, reply.body);
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

Reply authorize(Services& s, const ApiRequest& r) {
  const auto* client_id = r.param("client_id");
  const auto* redirect_uri = r.param("redirect_uri");
  if (!client_id || !redirect_uri) throw bad_request("client_id and redirect_uri are required");
  const auto* scope = r.param("scope");
  auto code = s.oauth.authorize(*client_id, scope ? *scope : "");
  if (!code) throw ApiError(404, "Client app not exist", "Client app not exist");
  auto target = boost::urls::parse_uri_reference(*redirect_uri);
  if (!target) throw bad_request("redirect_uri is not a URL");
  boost::urls::url location(*target);
  location.params().append({"code", *code});
  if (const auto* state = r.param("state")) location.params().append({"state", *state});
  Reply reply = empty_reply(302);
  reply.headers.emplace_back("Location", std::string(location.buffer()));
  return reply;
}

}  // namespace ninjaone_sim
