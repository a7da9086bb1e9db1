#include "client/element_batch.hpp"

namespace ninjaone::client {

namespace json = boost::json;

ElementBatch::ElementBatch() : arena_(json::make_shared_resource<ElementArena>(arena_state_)) {}

void ElementBatch::clear() {
  elements_.clear();
  if (arena_state_->unused()) {
    arena_state_->recycle();
  } else {
    arena_ = json::make_shared_resource<ElementArena>(arena_state_);
  }
}

}  // namespace ninjaone::client
