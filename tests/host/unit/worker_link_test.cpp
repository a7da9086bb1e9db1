// The worker's side of its link to the host (host/worker/host_link.*), driven over a
// socket pair as connector-host drives it: a cancel must reach its call whenever it
// comes, also before the worker's main thread has taken the call up. The host sends
// a cancel as soon as it gets SIGINT; a worker that dropped a cancel for a call it
// had not attended yet let the plugin block until the host ended it two seconds later.
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "worker/host_link.hpp"
#include "worker/worker_call.hpp"
#include "worker_protocol/frame.hpp"
#include "worker_protocol/messages.hpp"
#include "worker_protocol/socket_io.hpp"

namespace protocol = connector::host::worker_protocol;
using connector::host::worker::HostLink;
using connector::host::worker::WorkerCall;

namespace {

// The host's end of a link whose worker end reads on its own thread. Neither end is
// ever closed: the worker's reading thread ends the process when the host's end goes
// (as a worker must), so both live until the test program exits.
struct Link {
  int host_end = -1;
  HostLink* worker = nullptr;

  Link() {
    int ends[2];
    BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) == 0);
    host_end = ends[0];
    worker = new HostLink(ends[1]);
    worker->start_reading();
    // Kept, never deleted (see above); held here, it is no leak to LeakSanitizer.
    static std::vector<HostLink*> kept;
    kept.push_back(worker);
  }

  template <class Message>
  void send(protocol::MessageType type, const Message& message) const {
    protocol::FrameWriter frame(type);
    encode(frame, message);
    protocol::send_all(host_end, frame.finish());
  }

  void call(std::uint64_t id) const {
    protocol::CallRequest request;
    request.call_id = id;
    request.operation = protocol::Operation::list_resources;
    send(protocol::MessageType::call, request);
  }
  void cancel(std::uint64_t id) const { send(protocol::MessageType::cancel, protocol::Cancel{id}); }
};

bool cancelled(const WorkerCall& call) { return call.raw()->cancelled(call.raw()) != 0; }

// Serves `request` as the worker's main thread does (attends its call, then leaves
// it) and says whether the call was cancelled once attended.
bool cancelled_once_attended(const Link& link, const protocol::CallRequest& request) {
  WorkerCall call(*link.worker, request);
  link.worker->attend(&call);
  const bool result = cancelled(call);
  link.worker->attend(nullptr);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(worker_link)

BOOST_AUTO_TEST_CASE(a_cancel_before_the_call_is_attended_reaches_it) {
  const Link link;
  link.call(1);
  link.cancel(1);
  // Call 2 comes after the cancel on the same stream: once the worker has it, the
  // cancel was read.
  link.call(2);
  const protocol::CallRequest first = link.worker->next_call();
  const protocol::CallRequest second = link.worker->next_call();
  BOOST_TEST(first.call_id == 1u);
  BOOST_TEST(second.call_id == 2u);

  BOOST_TEST(cancelled_once_attended(link, first));
  BOOST_TEST(!cancelled_once_attended(link, second));
}

BOOST_AUTO_TEST_CASE(a_cancel_for_a_call_already_served_is_for_no_call) {
  const Link link;
  link.call(1);
  BOOST_TEST(!cancelled_once_attended(link, link.worker->next_call()));
  // The cancel crossed call 1's result on the way; call 2 must not inherit it.
  link.cancel(1);
  link.call(2);
  BOOST_TEST(!cancelled_once_attended(link, link.worker->next_call()));
}

BOOST_AUTO_TEST_CASE(a_cancel_while_the_call_runs_reaches_it) {
  const Link link;
  link.call(1);
  const protocol::CallRequest request = link.worker->next_call();
  WorkerCall call(*link.worker, request);
  link.worker->attend(&call);
  link.cancel(1);
  link.call(2);  // read after the cancel: the cancel was dispatched
  (void)link.worker->next_call();
  BOOST_TEST(cancelled(call));
  link.worker->attend(nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
