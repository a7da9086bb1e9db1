// The host-worker protocol's frames as bytes: every message survives the trip, a
// frame cut short or padded is refused, and frames arriving in pieces (or several
// in one read) come out whole and in order.
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "worker_protocol/frame.hpp"
#include "worker_protocol/messages.hpp"
#include "worker_protocol/socket_io.hpp"
#include "worker_protocol/startup.hpp"

namespace protocol = connector::host::worker_protocol;
using protocol::MessageType;

namespace {

// The frame `message` encodes to, read back as a Frame (the header checked).
template <class Message>
std::string encoded(MessageType type, const Message& message) {
  protocol::FrameWriter writer(type);
  encode(writer, message);
  return std::string(writer.finish());
}

protocol::Frame frame_of(const std::string& bytes) {
  const protocol::FrameHeader header = protocol::read_header(bytes.data());
  BOOST_REQUIRE_EQUAL(header.payload_size + protocol::header_size, bytes.size());
  return {header.type, std::string_view(bytes).substr(protocol::header_size)};
}

struct SocketPair {
  SocketPair() { BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0); }
  ~SocketPair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2];
};

}  // namespace

BOOST_AUTO_TEST_SUITE(worker_protocol)

BOOST_AUTO_TEST_CASE(a_call_request_survives_the_trip) {
  protocol::CallRequest request;
  request.call_id = 42;
  request.operation = protocol::Operation::list_grants;
  request.remaining_ms = 1500;
  request.resource_id = "role:7";
  request.page_token = std::string("tok\0en", 6);  // any bytes, NUL included
  request.walk_id = "9f86d081";
  request.page_size = 500;
  request.dry_run = true;
  const std::string bytes = encoded(MessageType::call, request);
  protocol::FrameReader in(frame_of(bytes));
  const protocol::CallRequest back = protocol::decode_call_request(in);
  BOOST_TEST(back.call_id == 42u);
  BOOST_TEST(protocol::operation_name(back.operation) == "list_grants");
  BOOST_TEST(back.remaining_ms == 1500);
  BOOST_TEST(back.resource_id == "role:7");
  BOOST_TEST(back.page_token == std::string("tok\0en", 6));
  BOOST_TEST(back.walk_id == "9f86d081");
  BOOST_TEST(back.page_size == 500u);
  BOOST_TEST(back.dry_run);
  BOOST_TEST(back.config_json.empty());
}

BOOST_AUTO_TEST_CASE(a_call_result_survives_the_trip) {
  protocol::CallResult result;
  result.call_id = 7;
  result.status = 14;
  result.failed = true;
  result.fail_status = 14;
  result.fail_message = "the API is down";
  result.fail_details = R"({"http_status":503})";
  result.has_next_page = true;
  result.next_page = "page-2";
  result.out_of_memory = true;
  const std::string bytes = encoded(MessageType::call_result, result);
  protocol::FrameReader in(frame_of(bytes));
  const protocol::CallResult back = protocol::decode_call_result(in);
  BOOST_TEST(back.call_id == 7u);
  BOOST_TEST(back.status == 14);
  BOOST_TEST(back.failed);
  BOOST_TEST(back.fail_message == "the API is down");
  BOOST_TEST(back.fail_details == R"({"http_status":503})");
  BOOST_TEST(back.has_next_page);
  BOOST_TEST(back.next_page == "page-2");
  BOOST_TEST(back.out_of_memory);
  BOOST_TEST(back.worker_error.empty());
}

BOOST_AUTO_TEST_CASE(the_small_messages_survive_the_trip) {
  {
    const std::string bytes = encoded(MessageType::log, protocol::LogLine{2, "slow"});
    protocol::FrameReader in(frame_of(bytes));
    const auto line = protocol::decode_log_line(in);
    BOOST_TEST(line.level == 2);
    BOOST_TEST(line.message == "slow");
  }
  {
    const protocol::StoreSecret request{9, "refresh_token", "r-1"};
    const std::string bytes = encoded(MessageType::store_secret, request);
    protocol::FrameReader in(frame_of(bytes));
    const auto back = protocol::decode_store_secret(in);
    BOOST_TEST(back.request_id == 9u);
    BOOST_TEST(back.key == "refresh_token");
    BOOST_TEST(back.value == "r-1");
  }
  {
    const protocol::CounterIncrement increment{"http_requests", R"({"status":"429"})", 2.5};
    const std::string bytes = encoded(MessageType::add_to_counter, increment);
    protocol::FrameReader in(frame_of(bytes));
    const auto back = protocol::decode_counter_increment(in);
    BOOST_TEST(back.name == "http_requests");
    BOOST_TEST(back.labels_json == R"({"status":"429"})");
    BOOST_TEST(back.delta == 2.5);
  }
  {
    const std::string bytes = encoded(MessageType::items_ack, protocol::ItemsAck{3, false});
    protocol::FrameReader in(frame_of(bytes));
    const auto ack = protocol::decode_items_ack(in);
    BOOST_TEST(ack.call_id == 3u);
    BOOST_TEST(!ack.go_on);
  }
  {
    protocol::Ready ready;
    ready.plugin_id = "fixture";
    ready.plugin_version = "1.2.3";
    ready.sandboxed = true;
    ready.sandbox = "Landlock ABI 7";
    ready.limits = "memory 1 GiB";
    const std::string bytes = encoded(MessageType::ready, ready);
    protocol::FrameReader in(frame_of(bytes));
    const auto back = protocol::decode_ready(in);
    BOOST_TEST(back.plugin_id == "fixture");
    BOOST_TEST(back.sandboxed);
    BOOST_TEST(back.limits == "memory 1 GiB");
  }
}

BOOST_AUTO_TEST_CASE(an_items_batch_carries_its_items_in_order) {
  protocol::ItemsBatch batch;
  batch.start(11);
  batch.add(R"({"id":"user:1"})");
  batch.add("");
  batch.add(R"({"id":"user:3"})");
  const std::string bytes(batch.finish());
  protocol::ItemsReader items(frame_of(bytes));
  BOOST_TEST(items.call_id() == 11u);
  BOOST_REQUIRE_EQUAL(items.count(), 3u);
  BOOST_TEST(items.next() == R"({"id":"user:1"})");
  BOOST_TEST(items.next().empty());
  BOOST_TEST(items.next() == R"({"id":"user:3"})");
  items.expect_end();
}

BOOST_AUTO_TEST_CASE(a_frame_cut_short_or_padded_is_refused) {
  const std::string whole = encoded(MessageType::log, protocol::LogLine{1, "hello"});
  const protocol::Frame frame = frame_of(whole);
  for (std::size_t size = 0; size < frame.payload.size(); ++size) {
    protocol::FrameReader in({frame.type, frame.payload.substr(0, size)});
    BOOST_CHECK_THROW(protocol::decode_log_line(in), protocol::ProtocolError);
  }
  const std::string padded = std::string(frame.payload) + "x";
  protocol::FrameReader in({frame.type, padded});
  BOOST_CHECK_THROW(protocol::decode_log_line(in), protocol::ProtocolError);
  // A string whose length runs past the payload.
  protocol::FrameWriter liar(MessageType::startup_failed);
  liar.u32(1000).u8('x');
  const std::string lie(liar.finish());
  protocol::FrameReader lying(frame_of(lie));
  BOOST_CHECK_THROW(protocol::decode_startup_failed(lying), protocol::ProtocolError);
}

BOOST_AUTO_TEST_CASE(a_header_of_an_unknown_type_or_an_oversized_frame_is_refused) {
  std::string header(protocol::header_size, '\0');
  header[4] = 99;  // type 99
  BOOST_CHECK_THROW(protocol::read_header(header.data()), protocol::ProtocolError);
  protocol::FrameWriter writer(MessageType::log);
  std::string bytes(writer.finish());
  const std::uint32_t too_big = protocol::max_payload_size + 1;
  std::memcpy(bytes.data(), &too_big, sizeof too_big);
  BOOST_CHECK_THROW(protocol::read_header(bytes.data()), protocol::ProtocolError);
  // An unknown operation in a call.
  protocol::CallRequest request;
  std::string call = encoded(MessageType::call, request);
  call[protocol::header_size + sizeof(std::uint64_t)] = 77;
  protocol::FrameReader in(frame_of(call));
  BOOST_CHECK_THROW(protocol::decode_call_request(in), protocol::ProtocolError);
}

BOOST_AUTO_TEST_CASE(frames_arriving_in_pieces_come_out_whole_and_in_order) {
  SocketPair pair;
  // Three frames: small, large (2 MiB, more than one read), small; written a few
  // bytes at a time by another thread.
  std::string stream;
  stream += encoded(MessageType::log, protocol::LogLine{0, "first"});
  protocol::ItemsBatch batch;
  batch.start(1);
  batch.add(std::string(2 << 20, 'x'));
  stream += std::string(batch.finish());
  stream += encoded(MessageType::log, protocol::LogLine{0, "last"});
  std::thread writer([&] {
    for (std::size_t at = 0; at < stream.size();) {
      const std::size_t piece = at < 100 ? 3 : 65536;  // the headers trickle in
      const std::size_t size = std::min(piece, stream.size() - at);
      protocol::send_all(pair.fds[1], std::string_view(stream).substr(at, size));
      at += size;
    }
    ::shutdown(pair.fds[1], SHUT_WR);
  });
  protocol::FrameBuffer buffer;
  std::vector<std::string> seen;
  for (;;) {
    while (const auto frame = buffer.next()) {
      protocol::FrameReader in(*frame);
      if (frame->type == MessageType::log) {
        seen.push_back(protocol::decode_log_line(in).message);
      } else {
        protocol::ItemsReader items(*frame);
        BOOST_REQUIRE_EQUAL(items.count(), 1u);
        seen.push_back("item of " + std::to_string(items.next().size()));
      }
    }
    if (!buffer.read_from(pair.fds[0])) break;
  }
  writer.join();
  BOOST_TEST(buffer.empty());
  const std::vector<std::string> expected{"first", "item of 2097152", "last"};
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_worker_command_line_survives_the_trip) {
  protocol::WorkerStartup startup;
  startup.parent = 4242;
  startup.plugin_path = "/usr/lib/connector-host/plugins/libconn_fixture.so";
  startup.plugin_id = "fixture";
  startup.connector_id = "fixture-prod";
  startup.memory_bytes = 1 << 30;
  startup.cpu_seconds = 600;
  startup.open_files = 256;
  startup.readable = {"/usr", "/etc/ssl"};
  startup.writable = {"/dev/null"};
  startup.writable_directories = {"/srv/data"};
  std::vector<std::string> arguments = protocol::to_arguments(startup);
  arguments.insert(arguments.begin(), "connector-worker");
  std::vector<const char*> argv;
  for (const auto& argument : arguments) argv.push_back(argument.c_str());
  const protocol::WorkerStartup back =
      protocol::parse_arguments(static_cast<int>(argv.size()), argv.data());
  BOOST_TEST(back.parent == 4242);
  BOOST_TEST(back.socket == protocol::worker_socket_fd);
  BOOST_TEST(back.plugin_path == startup.plugin_path);
  BOOST_TEST(back.connector_id == "fixture-prod");
  BOOST_TEST(back.memory_bytes == startup.memory_bytes);
  BOOST_TEST(back.open_files == 256u);
  BOOST_TEST(back.readable == startup.readable, boost::test_tools::per_element());
  BOOST_TEST(back.writable_directories == startup.writable_directories,
             boost::test_tools::per_element());

  const char* missing[] = {"connector-worker", "--plugin", "x.so"};
  BOOST_CHECK_THROW(protocol::parse_arguments(3, missing), std::invalid_argument);
  const char* unknown[] = {"connector-worker", "--shell", "sh"};
  BOOST_CHECK_THROW(protocol::parse_arguments(3, unknown), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
