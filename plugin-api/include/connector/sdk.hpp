// C++ SDK for plugin authors: write a class, export it with one macro, never touch C.
//
//   class MyConnector : public connector::sdk::Connector {
//    public:
//     static constexpr connector::sdk::PluginInfo info{
//         .id = "demo", .name = "Demo", .version = "1.0.0", .vendor = "me",
//         .description = "...", .config_schema = R"({"type":"object"})",
//         .profile_schema = nullptr,  // or the JSON Schema of create_account's profile
//         .concurrent_calls = true};
//     MyConnector(connector::sdk::Host host, std::string_view config_json);
//     void list_resource_types(connector::sdk::Call& call);
//     void list_resources(connector::sdk::Call& call, const connector::sdk::ListRequest& r);
//     // ... implement only the operations you support
//   };
//   CONNECTOR_EXPORT_PLUGIN(MyConnector)
//
// An operation the class does not declare is exported as NULL ("unsupported"), and
// the descriptor's capabilities are derived from the operations that are present,
// so the two cannot disagree. Operations report failure by throwing sdk::Error; any
// other exception becomes CONN_INTERNAL. Nothing C++ crosses the ABI.
//
// Walks (ABI 1.2): a list call with a non-empty ListRequest::walk_id belongs to one
// consistent read (a sync), so a connector may serve it from what it fetched earlier
// in that walk. A connector that keeps anything per walk declares
//     void end_walk(std::string_view walk_id);
// to free it; one that does not simply ignores walk_id.
#ifndef CONNECTOR_SDK_HPP
#define CONNECTOR_SDK_HPP

#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "abi.h"

namespace connector::sdk {

inline conn_str to_conn(std::string_view s) noexcept { return conn_str{s.data(), s.size()}; }
inline std::string_view from_conn(conn_str s) noexcept {
  return s.data == nullptr ? std::string_view{} : std::string_view{s.data, s.size};
}

// Throw from an operation to fail it with a status, a one-line message and optional
// JSON details (an object, eg: {"http_status":429,"retry_after_ms":1000}).
class Error : public std::runtime_error {
 public:
  Error(conn_status status, const std::string& message, std::string details_json = {})
      : std::runtime_error(message), status_(status), details_json_(std::move(details_json)) {}
  conn_status status() const noexcept { return status_; }
  const std::string& details_json() const noexcept { return details_json_; }

 private:
  conn_status status_;
  std::string details_json_;
};

// The host's side of one operation call (see call.h). Borrowed: valid only while
// the operation runs.
class Call {
 public:
  explicit Call(const conn_call* call) noexcept : call_(call) {}

  bool cancelled() const noexcept { return call_->cancelled(call_) != 0; }

  // Throws Error(CANCELLED) once the host asked the call to stop. Call it between
  // remote requests.
  void throw_if_cancelled() const {
    if (cancelled()) throw Error(CONN_CANCELLED, "cancelled by the host");
  }

  // Time left before the deadline; nullopt when the call has none.
  std::optional<std::chrono::milliseconds> remaining() const noexcept {
    const int64_t ms = call_->remaining_ms(call_);
    if (ms < 0) return std::nullopt;
    return std::chrono::milliseconds{ms};
  }

  // Pushes one JSON item; returns false when the host wants no more.
  bool emit(std::string_view item_json) const {
    return call_->emit(call_, to_conn(item_json)) != 0;
  }

  // Sets the token of the next page (list operations only).
  void next_page(std::string_view token) const { call_->next_page(call_, to_conn(token)); }

  const conn_call* raw() const noexcept { return call_; }

 private:
  const conn_call* call_;
};

// Host services for one instance (see host.h). Copyable; valid until the instance
// is destroyed.
class Host {
 public:
  explicit Host(const conn_host* host) noexcept : host_(host) {}

  void log(conn_log_level level, std::string_view message) const noexcept {
    if (host_ != nullptr && host_->log != nullptr) host_->log(host_, level, to_conn(message));
  }
  void debug(std::string_view m) const noexcept { log(CONN_LOG_DEBUG, m); }
  void info(std::string_view m) const noexcept { log(CONN_LOG_INFO, m); }
  void warn(std::string_view m) const noexcept { log(CONN_LOG_WARN, m); }
  void error(std::string_view m) const noexcept { log(CONN_LOG_ERROR, m); }

  // Durably stores a rotated secret (see host.h). Throws Error when the host cannot
  // store it, so the caller never goes on with a value that would be lost.
  void store_secret(std::string_view key, std::string_view value) const {
    if (host_ == nullptr || host_->store_secret == nullptr) {
      throw Error(CONN_FAILED_PRECONDITION, "the host cannot store secrets");
    }
    const conn_status status = host_->store_secret(host_, to_conn(key), to_conn(value));
    if (status != CONN_OK) {
      throw Error(status, "the host could not store secret '" + std::string(key) + "'");
    }
  }

  // Adds to a plugin counter the host exports as a metric (see host.h). A host older
  // than ABI 1.1 has no counters; then this does nothing.
  void add_to_counter(std::string_view name, std::string_view labels_json = {},
                      double delta = 1.0) const noexcept {
    if (host_ != nullptr && CONN_HAS_MEMBER(host_, conn_host, add_to_counter) &&
        host_->add_to_counter != nullptr) {
      host_->add_to_counter(host_, to_conn(name), to_conn(labels_json), delta);
    }
  }

 private:
  const conn_host* host_;
};

struct ListRequest {
  std::string_view resource_type;  // list_resources
  std::string_view resource_id;    // list_entitlements, list_grants
  std::string_view page_token;     // empty on the first page
  uint32_t page_size = 0;          // 0: plugin's choice
  std::string_view walk_id;        // empty: not part of a walk (or a host older than ABI 1.2)
};

struct GrantRequest {
  std::string_view entitlement_id;
  std::string_view principal_id;
  bool dry_run = false;
};

struct AccountRequest {
  std::string_view resource_type;
  std::string_view profile_json;
  std::string_view resource_id;
  bool dry_run = false;
};

struct OperationRequest {
  std::string_view operation_json;
};

// What a plugin says about itself; see descriptor.h for each field.
struct PluginInfo {
  const char* id;
  const char* name;
  const char* version;
  const char* vendor;
  const char* description;
  const char* config_schema;
  // The JSON Schema of create_account's profile (ABI 1.3), or nullptr for none.
  const char* profile_schema = nullptr;
  bool concurrent_calls = false;  // may one instance serve several calls at once?
};

// Base class of every connector. It holds the host services; the operations are
// found by name on the derived class (see the file comment).
class Connector {
 public:
  explicit Connector(Host host) noexcept : host_(host) {}
  virtual ~Connector() = default;
  Connector(const Connector&) = delete;
  Connector& operator=(const Connector&) = delete;

 protected:
  const Host& host() const noexcept { return host_; }

 private:
  Host host_;
};

namespace detail {

template <class T>
concept has_validate = requires(T& t, Call& c) {
  t.validate(c);
};
template <class T>
concept has_resource_types = requires(T& t, Call& c) {
  t.list_resource_types(c);
};
template <class T>
concept has_list = requires(T& t, Call& c, const ListRequest& r) {
  t.list_resources(c, r);
  t.list_entitlements(c, r);
  t.list_grants(c, r);
};
template <class T>
concept has_provision = requires(T& t, Call& c, const GrantRequest& r) {
  t.grant(c, r);
  t.revoke(c, r);
};
template <class T>
concept has_accounts = requires(T& t, Call& c, const AccountRequest& r) {
  t.create_account(c, r);
  t.delete_account(c, r);
};
template <class T>
concept has_operations = requires(T& t, Call& c, const OperationRequest& r) {
  t.get_operation(c, r);
};
template <class T>
concept has_end_walk = requires(T& t, std::string_view walk_id) {
  t.end_walk(walk_id);
};

inline void report(const conn_call* call, conn_status status, std::string_view message,
                   std::string_view details = {}) noexcept {
  if (call != nullptr && call->fail != nullptr) {
    call->fail(call, status, to_conn(message), to_conn(details));
  }
}

// Runs `body`, turning every exception into a status reported through `call`.
// This is the only place exceptions are caught; none escapes into C.
template <class Body>
conn_status guarded(const conn_call* call, Body&& body) noexcept {
  try {
    body();
    return CONN_OK;
  } catch (const Error& e) {
    report(call, e.status(), e.what(), e.details_json());
    return e.status();
  } catch (const std::exception& e) {
    report(call, CONN_INTERNAL, std::string("internal error: ") + e.what());
    return CONN_INTERNAL;
  } catch (...) {
    report(call, CONN_INTERNAL, "internal error: unknown exception");
    return CONN_INTERNAL;
  }
}

inline ListRequest to_cpp(const conn_list_request* r) {
  // A host older than ABI 1.2 sends a request that ends before walk_id.
  const std::string_view walk_id =
      CONN_HAS_MEMBER(r, conn_list_request, walk_id) ? from_conn(r->walk_id) : std::string_view{};
  return ListRequest{from_conn(r->resource_type), from_conn(r->resource_id),
                     from_conn(r->page_token), r->page_size, walk_id};
}
inline GrantRequest to_cpp(const conn_grant_request* r) {
  return GrantRequest{from_conn(r->entitlement_id), from_conn(r->principal_id), r->dry_run != 0};
}
inline AccountRequest to_cpp(const conn_account_request* r) {
  return AccountRequest{from_conn(r->resource_type), from_conn(r->profile_json),
                        from_conn(r->resource_id), r->dry_run != 0};
}
inline OperationRequest to_cpp(const conn_operation_request* r) {
  return OperationRequest{from_conn(r->operation_json)};
}

// The C table for connector class T, built once.
template <class T>
class Exporter {
 public:
  static const conn_plugin* entry(uint32_t host_major, uint32_t /*host_minor*/) noexcept {
    if (host_major != CONN_ABI_MAJOR) return nullptr;
    return &plugin_;
  }

 private:
  static T& self(conn_instance* instance) noexcept { return *reinterpret_cast<T*>(instance); }

  static conn_instance* create(const conn_host* host, conn_str config,
                               const conn_call* call) noexcept {
    T* made = nullptr;
    guarded(call, [&] { made = new T(Host(host), from_conn(config)); });
    return reinterpret_cast<conn_instance*>(made);
  }
  static void destroy(conn_instance* instance) noexcept {
    try {
      delete &self(instance);
    } catch (...) {  // a destructor that throws must not reach the host
    }
  }

  template <class Request, class Op>
  static conn_status op(conn_instance* instance, const conn_call* call, const Request* request,
                        Op method) noexcept {
    return guarded(call, [&] {
      Call c(call);
      (self(instance).*method)(c, to_cpp(request));
    });
  }

  static conn_status validate(conn_instance* i, const conn_call* call) noexcept {
    return guarded(call, [&] {
      Call c(call);
      self(i).validate(c);
    });
  }
  static conn_status list_resource_types(conn_instance* i, const conn_call* call) noexcept {
    return guarded(call, [&] {
      Call c(call);
      self(i).list_resource_types(c);
    });
  }
  static conn_status list_resources(conn_instance* i, const conn_call* c,
                                    const conn_list_request* r) noexcept {
    return op(i, c, r, &T::list_resources);
  }
  static conn_status list_entitlements(conn_instance* i, const conn_call* c,
                                       const conn_list_request* r) noexcept {
    return op(i, c, r, &T::list_entitlements);
  }
  static conn_status list_grants(conn_instance* i, const conn_call* c,
                                 const conn_list_request* r) noexcept {
    return op(i, c, r, &T::list_grants);
  }
  static conn_status grant(conn_instance* i, const conn_call* c,
                           const conn_grant_request* r) noexcept {
    return op(i, c, r, &T::grant);
  }
  static conn_status revoke(conn_instance* i, const conn_call* c,
                            const conn_grant_request* r) noexcept {
    return op(i, c, r, &T::revoke);
  }
  static conn_status create_account(conn_instance* i, const conn_call* c,
                                    const conn_account_request* r) noexcept {
    return op(i, c, r, &T::create_account);
  }
  static conn_status delete_account(conn_instance* i, const conn_call* c,
                                    const conn_account_request* r) noexcept {
    return op(i, c, r, &T::delete_account);
  }
  static conn_status get_operation(conn_instance* i, const conn_call* c,
                                   const conn_operation_request* r) noexcept {
    return op(i, c, r, &T::get_operation);
  }
  static void end_walk(conn_instance* i, conn_str walk_id) noexcept {
    try {
      self(i).end_walk(from_conn(walk_id));
    } catch (...) {  // nothing to report it to, and nothing crosses into C
    }
  }

  static constexpr const char* const capabilities_[] = {
      has_list<T> ? CONN_CAP_LIST : nullptr,
      has_provision<T> ? CONN_CAP_PROVISION : nullptr,
      has_accounts<T> ? CONN_CAP_ACCOUNTS : nullptr,
      has_operations<T> ? CONN_CAP_OPERATIONS : nullptr,
      T::info.concurrent_calls ? CONN_CAP_CONCURRENT : nullptr,
      nullptr};

  // The same list with the absent capabilities squeezed out, NULL-terminated.
  struct Capabilities {
    const char* items[sizeof(capabilities_) / sizeof(capabilities_[0])] = {};
    constexpr Capabilities() {
      std::size_t n = 0;
      for (const char* c : capabilities_) {
        if (c != nullptr) items[n++] = c;
      }
    }
  };
  static constexpr Capabilities capability_list_{};

  static constexpr conn_descriptor descriptor_{
      sizeof(conn_descriptor), T::info.id,          T::info.name,           T::info.version,
      T::info.vendor,          T::info.description, capability_list_.items, T::info.config_schema,
      T::info.profile_schema};

  // Only the operations T declares are instantiated; the others stay NULL.
  static constexpr conn_plugin make_plugin() noexcept {
    conn_plugin p{};
    p.struct_size = sizeof(conn_plugin);
    p.abi_major = CONN_ABI_MAJOR;
    p.abi_minor = CONN_ABI_MINOR;
    p.descriptor = &descriptor_;
    p.create = &create;
    p.destroy = &destroy;
    if constexpr (has_validate<T>) p.validate = &validate;
    if constexpr (has_resource_types<T>) p.list_resource_types = &list_resource_types;
    if constexpr (has_list<T>) {
      p.list_resources = &list_resources;
      p.list_entitlements = &list_entitlements;
      p.list_grants = &list_grants;
    }
    if constexpr (has_provision<T>) {
      p.grant = &grant;
      p.revoke = &revoke;
    }
    if constexpr (has_accounts<T>) {
      p.create_account = &create_account;
      p.delete_account = &delete_account;
    }
    if constexpr (has_operations<T>) p.get_operation = &get_operation;
    if constexpr (has_end_walk<T>) p.end_walk = &end_walk;
    return p;
  }
  static constexpr conn_plugin plugin_ = make_plugin();
};

}  // namespace detail
}  // namespace connector::sdk

// Exports `ConnectorClass` as this library's plugin: defines conn_plugin_entry.
// Use once per plugin library, at namespace scope.
#define CONNECTOR_EXPORT_PLUGIN(ConnectorClass)                                          \
  extern "C" CONN_EXPORT const conn_plugin* conn_plugin_entry(uint32_t host_abi_major,   \
                                                              uint32_t host_abi_minor) { \
    return ::connector::sdk::detail::Exporter<ConnectorClass>::entry(host_abi_major,     \
                                                                     host_abi_minor);    \
  }

#endif  // CONNECTOR_SDK_HPP
