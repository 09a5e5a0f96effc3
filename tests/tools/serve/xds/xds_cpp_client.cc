// The C++ gRPC library's own xDS client, for the interop test (xds_interop_check.py): dials
// TARGET (xds:///...) with the bootstrap named by GRPC_XDS_BOOTSTRAP and keeps the channel
// connecting for SECONDS, so its resolver follows the xDS server's updates (it ACKs each one).
// The endpoints are simulated pod addresses nobody listens on: only the subscription matters.
//
// Usage: xds_cpp_client TARGET SECONDS
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: xds_cpp_client TARGET SECONDS\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto end = std::chrono::system_clock::now() + std::chrono::seconds(std::atoi(argv[2]));
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  std::cout << "xds_cpp_client: " << argv[1] << " state " << state << std::endl;
  while (std::chrono::system_clock::now() < end) {
    // Re-arm connecting whenever the channel settles, so the xDS watches stay alive.
    if (channel->WaitForStateChange(state, std::chrono::system_clock::now() + std::chrono::seconds(1))) {
      state = channel->GetState(/*try_to_connect=*/true);
      std::cout << "xds_cpp_client: state " << state << std::endl;
    } else {
      state = channel->GetState(/*try_to_connect=*/true);
    }
  }
  return 0;
}
