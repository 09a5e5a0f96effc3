// Fuzzes the AWS JSON 1.1 request decoder and operation dispatcher of `meshsim serve`
// (tools/serve/cloudmap_operations) against a real FakeCloudMap, so decoded requests also reach
// the fake. The input is one request per line, "<Operation> <JSON body>", run in order on one
// FakeCloudMap so later requests see the state earlier ones made. Every request must be
// answered exactly once, with a JSON body.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"
#include "tools/serve/cloudmap_operations.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meshsim;
  testing::ManualDispatcher dispatcher;
  testing::TestRandom random;
  testing::RecordingTracer tracer;
  fakes::FakeCloudMap cloudmap(dispatcher, random, tracer, fakes::CloudMapOptions{});
  auto client = cloudmap.NewClient("fuzz");
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int requests = 0;
  while (!input.empty() && requests++ < 64) {
    size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    size_t space = line.find(' ');
    std::string target = std::string(serve::kCloudMapTargetPrefix) +
                         std::string(line.substr(0, space));
    std::string_view body = space == std::string_view::npos ? "" : line.substr(space + 1);
    int replies = 0;
    serve::HandleCloudMapCall(*client, target, body, [&](serve::CloudMapReply r) {
      ++replies;
      if (!nlohmann::json::accept(r.body)) __builtin_trap();  // every answer is JSON
    });
    dispatcher.RunFor(std::chrono::seconds(10));  // API latency, operations (1-4 s)
    if (replies != 1) __builtin_trap();
  }
  return 0;
}
