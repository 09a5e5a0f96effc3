// File: tests/controller/live/moto_server.h
//
// Helpers for tests against moto's Cloud Map server and the aws CLI: whether they are
// installed, a free loopback port, child processes with bounded waits, and a MotoServer that
// starts `python3 -m moto.server -H 127.0.0.1 -p PORT` and stops it (by its own pid) when
// destroyed. Tests GTEST_SKIP() with MotoSkipReason() when moto or the CLI is missing.
//
// Example:
//   if (auto why = MotoSkipReason(); !why.empty()) GTEST_SKIP() << why;
//   MotoServer moto;
//   ASSERT_TRUE(moto.Start()) << moto.log();
//   std::string url = moto.url();  // "http://127.0.0.1:PORT"
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace meshsim::live::testing {

// Runs `argv` with stdout+stderr to `log_path` and extra `env` (NAME=VALUE) entries; returns
// the pid, or -1.
inline pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path,
                   const std::vector<std::string>& env = {}) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  setpgid(0, 0);  // own process group, so a stop reaches moto's children too
  for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

// Waits up to `limit` for `pid`; on timeout kills its process group. Returns the exit code,
// or -1 when it had to be killed.
inline int WaitFor(pid_t pid, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

// Runs a command to completion (bounded) and returns its exit code; output goes to `log_path`.
inline int RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
                      std::chrono::milliseconds limit = std::chrono::seconds(60),
                      const std::vector<std::string>& env = {}) {
  pid_t pid = Spawn(argv, log_path, env);
  return pid < 0 ? -1 : WaitFor(pid, limit);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline std::string TempPath(const std::string& name) {
  return "/tmp/meshsim-live-test-" + std::to_string(getpid()) + "-" + name;
}

// Empty when moto and the aws CLI are both usable; else why the test is skipped.
inline std::string MotoSkipReason() {
  if (RunCommand({"python3", "-c", "import moto.server"}, TempPath("probe.log")) != 0) {
    return "moto is not installed (python3 -c 'import moto' failed); pip install 'moto[server]'";
  }
  if (RunCommand({"aws", "--version"}, TempPath("probe.log")) != 0) {
    return "the aws CLI is not installed (aws --version failed)";
  }
  return "";
}

// A free TCP port on 127.0.0.1 (bound, read and released; a race is possible but unlikely).
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

inline bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

class MotoServer {
 public:
  MotoServer() : port_(FreePort()), log_path_(TempPath("moto.log")) {}
  ~MotoServer() {
    if (pid_ > 0) {
      kill(-pid_, SIGTERM);
      if (WaitFor(pid_, std::chrono::seconds(10)) == -1) {}  // killed on timeout
    }
  }
  // Starts moto and waits (at most 30 s) until it accepts connections.
  bool Start() {
    pid_ = Spawn({"python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", std::to_string(port_)},
                 log_path_);
    for (int i = 0; i < 300 && pid_ > 0; ++i) {
      if (CanConnect(port_)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const { return ReadFile(log_path_); }

 private:
  int port_;
  std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace meshsim::live::testing
