#include "client/array_read_ahead.hpp"

#include <chrono>
#include <exception>
#include <memory>
#include <string_view>
#include <thread>

#include "client/batch_handoff.hpp"

namespace ninjaone::client {

namespace {

// How often the calling thread looks at the call's cancellation while it waits.
constexpr std::chrono::milliseconds kCancelPoll{50};

// The reading thread: reads and parses until the body ends, a read fails, the body is
// malformed, or the calling side abandons. Closes the handoff in every case.
void read_and_parse(const BodySource& body, JsonArrayParser& parser, BatchHandoff& handoff,
                    const std::function<void(std::size_t)>& on_bytes, std::size_t read_size) {
  try {
    const auto buffer = std::make_unique_for_overwrite<char[]>(read_size);
    for (;;) {
      const std::size_t n = body.read(buffer.get(), read_size);
      if (n == 0) break;
      on_bytes(n);
      parser.write(std::string_view(buffer.get(), n), handoff);
    }
    parser.finish(handoff);
    handoff.close();
  } catch (const BatchHandoff::Abandoned&) {
    handoff.close();  // nobody is waiting for the rest
  } catch (...) {
    handoff.close(std::current_exception());
  }
}

// Joins the reading thread however the calling side leaves; first makes it stop when
// the calling side leaves early.
class ReaderGuard {
 public:
  ReaderGuard(std::thread& reader, const BodySource& body, BatchHandoff& handoff)
      : reader_(reader), body_(body), handoff_(handoff) {}
  ReaderGuard(const ReaderGuard&) = delete;
  ReaderGuard& operator=(const ReaderGuard&) = delete;
  ~ReaderGuard() {
    if (!finished_) {
      handoff_.abandon();  // ends a wait for a batch
      body_.abort();       // ends a read
    }
    reader_.join();
  }
  void finished() noexcept { finished_ = true; }

 private:
  std::thread& reader_;
  const BodySource& body_;
  BatchHandoff& handoff_;
  bool finished_ = false;
};

}  // namespace

void read_array_ahead(const connector::sdk::Call& call, const BodySource& body,
                      JsonArrayStream& stream, const std::function<void(std::size_t)>& on_bytes,
                      const ReadAheadLimits& limits, std::size_t* most_queued) {
  BatchHandoff handoff(limits.batches);
  JsonArrayParser& parser = stream.parser();
  std::thread reader([&] { read_and_parse(body, parser, handoff, on_bytes, limits.read_size); });
  {
    ReaderGuard guard(reader, body, handoff);
    for (;;) {
      call.throw_if_cancelled();
      ElementBatch* batch = nullptr;
      const BatchHandoff::Next next = handoff.next(kCancelPoll, batch);
      if (next == BatchHandoff::Next::timed_out) continue;
      if (next == BatchHandoff::Next::closed) break;
      stream.deliver(*batch);
      handoff.give_back(*batch);
    }
    guard.finished();
  }
  if (most_queued != nullptr) *most_queued = handoff.most_queued();
  if (const std::exception_ptr failure = handoff.failure()) std::rethrow_exception(failure);
}

}  // namespace ninjaone::client
