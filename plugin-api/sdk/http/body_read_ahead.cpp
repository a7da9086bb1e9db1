#include "http/body_read_ahead.hpp"

#include <chrono>
#include <exception>
#include <thread>

#include "http/chunk_handoff.hpp"

namespace connector::sdk::http {

namespace {

// How often the calling thread looks at the call's cancellation while it waits.
constexpr std::chrono::milliseconds kCancelPoll{50};

// The reading thread: reads until the body ends, a read fails, or the consumer
// abandons. Closes the handoff in every case.
void read_into_chunks(const BodySource& body, ChunkHandoff& handoff) {
  try {
    for (;;) {
      ChunkHandoff::Chunk& chunk = handoff.take_empty();
      chunk.size = body.read(chunk.data.get(), handoff.chunk_size());
      if (chunk.size == 0) break;
      handoff.hand_over(chunk);
    }
    handoff.close();
  } catch (const ChunkHandoff::Abandoned&) {
    handoff.close();  // nobody is waiting for the rest
  } catch (...) {
    handoff.close(std::current_exception());
  }
}

// Joins the reading thread however the calling thread leaves; first makes it stop
// when the calling thread leaves early.
class ReaderGuard {
 public:
  ReaderGuard(std::thread& reader, const BodySource& body, ChunkHandoff& handoff)
      : reader_(reader), body_(body), handoff_(handoff) {}
  ReaderGuard(const ReaderGuard&) = delete;
  ReaderGuard& operator=(const ReaderGuard&) = delete;
  ~ReaderGuard() {
    if (!finished_) {
      handoff_.abandon();  // ends a wait for an empty chunk
      body_.abort();       // ends a read
    }
    reader_.join();
  }
  void finished() noexcept { finished_ = true; }

 private:
  std::thread& reader_;
  const BodySource& body_;
  ChunkHandoff& handoff_;
  bool finished_ = false;
};

}  // namespace

void read_body_ahead(const connector::sdk::Call& call, const BodySource& body,
                     const std::function<void(std::string_view)>& consume,
                     const ReadAheadLimits& limits, std::size_t* most_queued) {
  ChunkHandoff handoff(limits.buffers, limits.buffer_size);
  std::thread reader([&] { read_into_chunks(body, handoff); });
  {
    ReaderGuard guard(reader, body, handoff);
    for (;;) {
      call.throw_if_cancelled();
      ChunkHandoff::Chunk* chunk = nullptr;
      const ChunkHandoff::Next next = handoff.next(kCancelPoll, chunk);
      if (next == ChunkHandoff::Next::timed_out) continue;
      if (next == ChunkHandoff::Next::closed) break;
      consume(chunk->text());
      handoff.give_back(*chunk);
    }
    guard.finished();
  }
  if (most_queued != nullptr) *most_queued = handoff.most_queued();
  if (const std::exception_ptr failure = handoff.failure()) std::rethrow_exception(failure);
}

}  // namespace connector::sdk::http
