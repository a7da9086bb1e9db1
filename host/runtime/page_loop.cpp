#include "runtime/page_loop.hpp"

#include <unordered_set>

#include "common/error.hpp"

namespace connector::host::runtime {
namespace {

// Tokens can be long and opaque; an error message shows their start.
std::string shown(std::string_view token) {
  constexpr std::size_t limit = 64;
  return token.size() <= limit ? std::string(token) : std::string(token.substr(0, limit)) + "...";
}

}  // namespace

PageLoop::PageLoop(Instance& instance, ListOperation operation, ListQuery query)
    : instance_(instance), operation_(operation), query_(std::move(query)) {}

std::size_t PageLoop::run(const ItemSink& sink, const PageObserver& on_page,
                          std::string first_token) {
  return run_into(sink, on_page, std::move(first_token));
}

std::size_t PageLoop::run(const ItemTextSink& sink, const PageObserver& on_page,
                          std::string first_token) {
  return run_into(sink, on_page, std::move(first_token));
}

template <class Sink>
std::size_t PageLoop::run_into(const Sink& sink, const PageObserver& on_page,
                               std::string first_token) {
  std::unordered_set<std::string> seen;
  std::string token = std::move(first_token);
  if (!token.empty()) seen.insert(token);
  for (std::size_t pages = 1; pages <= max_pages; ++pages) {
    std::string next = instance_.list_page(operation_, query_, token, sink);
    if (on_page) on_page(next);
    if (next.empty()) return pages;
    if (!seen.insert(next).second) {
      throw HostError(ExitCode::plugin_call, "plugin '" + instance_.plugin().id() +
                                                 "' returned page token '" + shown(next) +
                                                 "' twice (a plugin bug); stopped");
    }
    token = std::move(next);
  }
  throw HostError(ExitCode::plugin_call, "plugin '" + instance_.plugin().id() +
                                             "' returned more than " + std::to_string(max_pages) +
                                             " pages of " +
                                             std::string(operation_name(operation_)) + "; stopped");
}

}  // namespace connector::host::runtime
