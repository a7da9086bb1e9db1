// Fetches every page of a list operation, refusing a page token seen before.
//
// A plugin that hands back a token it already gave would make the host loop forever;
// the loop stops with an error naming the plugin and the token instead.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/instance.hpp"

namespace connector::host::runtime {

class PageLoop {
 public:
  // Called after each page with the token of the next one (empty after the last), so
  // a caller can checkpoint between pages.
  using PageObserver = std::function<void(std::string_view next_token)>;

  // Generous enough for any real tenant; only a runaway plugin reaches it.
  static constexpr std::size_t max_pages = 1'000'000;

  PageLoop(Instance& instance, ListOperation operation, ListQuery query);

  // Fetches pages from `first_token` (empty: the start) until the last one. Returns
  // the number of pages fetched. Throws HostError (plugin_call) on a repeated token,
  // or what the calls throw.
  std::size_t run(const ItemSink& sink, const PageObserver& on_page = {},
                  std::string first_token = {});
  // The same with the items as the plugin's text (what a sync stores).
  std::size_t run(const ItemTextSink& sink, const PageObserver& on_page = {},
                  std::string first_token = {});

 private:
  template <class Sink>
  std::size_t run_into(const Sink& sink, const PageObserver& on_page, std::string first_token);

  Instance& instance_;
  ListOperation operation_;
  ListQuery query_;
};

}  // namespace connector::host::runtime
