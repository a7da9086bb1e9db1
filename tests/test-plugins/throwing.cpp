// A plugin whose every operation throws. Half throw a std::runtime_error, half a
// type that is not a std::exception at all, so a test can see that the SDK's thunks
// catch both: the host gets CONN_INTERNAL with a message through `fail`
// ("internal error: list_resources exploded" or "internal error: unknown
// exception") and nothing C++ crosses the ABI.
//
//   std::runtime_error: validate, list_resources, list_grants, revoke, delete_account
//   NotAnException:     list_resource_types, list_entitlements, grant, create_account,
//                       get_operation
#include <stdexcept>
#include <string_view>

#include <connector/sdk.hpp>

namespace {

namespace sdk = connector::sdk;

struct NotAnException {
  int code;
};

class ThrowingConnector : public sdk::Connector {
 public:
  static constexpr sdk::PluginInfo info{.id = "throwing",
                                        .name = "Throwing",
                                        .version = "1.0.0",
                                        .vendor = "connector-host tests",
                                        .description = "Every operation throws",
                                        .config_schema = R"({"type":"object"})",
                                        .concurrent_calls = true};

  // Constructing works, so that the host gets an instance to call.
  ThrowingConnector(sdk::Host host, std::string_view /*config_json*/) : Connector(host) {}

  void validate(sdk::Call&) { throw std::runtime_error("validate exploded"); }
  void list_resource_types(sdk::Call&) { throw NotAnException{1}; }
  void list_resources(sdk::Call&, const sdk::ListRequest&) {
    throw std::runtime_error("list_resources exploded");
  }
  void list_entitlements(sdk::Call&, const sdk::ListRequest&) { throw NotAnException{2}; }
  void list_grants(sdk::Call&, const sdk::ListRequest&) {
    throw std::runtime_error("list_grants exploded");
  }
  void grant(sdk::Call&, const sdk::GrantRequest&) { throw NotAnException{3}; }
  void revoke(sdk::Call&, const sdk::GrantRequest&) { throw std::runtime_error("revoke exploded"); }
  void create_account(sdk::Call&, const sdk::AccountRequest&) { throw NotAnException{4}; }
  void delete_account(sdk::Call&, const sdk::AccountRequest&) {
    throw std::runtime_error("delete_account exploded");
  }
  void get_operation(sdk::Call&, const sdk::OperationRequest&) { throw NotAnException{5}; }
};

}  // namespace

CONNECTOR_EXPORT_PLUGIN(ThrowingConnector)
