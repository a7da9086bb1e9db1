#include "client/json_array_stream.hpp"

#include <utility>

namespace ninjaone::client {

JsonArrayStream::JsonArrayStream(OnItem on_item) : on_item_(std::move(on_item)) {}

void JsonArrayStream::restart() { parser_.restart(delivered_); }

void JsonArrayStream::write(std::string_view piece) { parser_.write(piece, *this); }

void JsonArrayStream::finish() { parser_.finish(*this); }

void JsonArrayStream::deliver(ElementBatch& batch) {
  for (boost::json::value& element : batch.elements()) {
    ++delivered_;
    on_item_(std::move(element));
  }
  batch.clear();
}

ElementBatch& JsonArrayStream::take_empty() {
  batch_.clear();  // elements left by an on_item that threw
  return batch_;
}

}  // namespace ninjaone::client
