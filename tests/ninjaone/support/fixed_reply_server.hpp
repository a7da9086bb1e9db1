// A one-trick HTTPS server on 127.0.0.1 (test certificate): every request gets the
// same status and JSON body. It stands in for a NinjaOne region that does not know
// the client app, which the simulator does not model.
#ifndef NINJAONE_TEST_FIXED_REPLY_SERVER_HPP
#define NINJAONE_TEST_FIXED_REPLY_SERVER_HPP

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace ninjaone_test {

class FixedReplyServer {
 public:
  FixedReplyServer(unsigned status, std::string json_body);
  ~FixedReplyServer();
  FixedReplyServer(const FixedReplyServer&) = delete;
  FixedReplyServer& operator=(const FixedReplyServer&) = delete;

  std::string base_url() const;
  int requests() const { return requests_; }

 private:
  struct State;
  void serve();

  std::unique_ptr<State> state_;
  unsigned status_;
  std::string body_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace ninjaone_test

#endif  // NINJAONE_TEST_FIXED_REPLY_SERVER_HPP
