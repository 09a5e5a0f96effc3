// Hostile scenario files through `meshsim check` and `meshsim run`: each is refused with exit
// code 2 and a message that names the problem, without reading more than the size limit into
// memory (sim/scenario/input_limits.h, docs/robustness.md). Files are generated in the test's
// temp dir; nothing large is committed.
#include <gtest/gtest.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/scratch_dir.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"

namespace meshsim::cli {
namespace {

struct Ran {
  int code;
  std::string err;
};

Ran Meshsim(const std::string& command, const std::string& path) {
  std::vector<const char*> args{"meshsim", command.c_str(), path.c_str(), "--quiet"};
  Result<CommandLine> cl = ParseCommandLine(static_cast<int>(args.size()), args.data());
  EXPECT_TRUE(cl.ok()) << cl.status().ToString();
  std::ostringstream out, err;
  int code = Dispatch(*cl, out, err);
  return {code, err.str()};
}

std::string Write(const std::string& name, const std::string& content) {
  std::string path = meshsim::testing::ScratchDir() + "/hostile_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Both commands refuse `path` with exit code 2 and a message containing `what`.
void ExpectRefused(const std::string& path, const std::string& what) {
  for (const char* command : {"check", "run"}) {
    Ran r = Meshsim(command, path);
    EXPECT_EQ(r.code, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << command << ": " << r.err;
  }
}

// The resident set now, from /proc/self/statm (pages); 0 if unreadable.
long RssKb() {
  long pages = 0, resident = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(HostileInput, MissingFileAndDirectory) {
  ExpectRefused(meshsim::testing::ScratchDir() + "/hostile_does_not_exist.yaml",
                "No such file or directory");
  ExpectRefused(meshsim::testing::ScratchDir(), "Is a directory");
}

// Root reads a mode-000 file anyway (CI may run as root), so there the check runs in a child
// process that has become the unprivileged user `nobody` first, for whom opening it fails as
// for any user; the child's exit code carries the verdict back.
TEST(HostileInput, UnreadableFile) {
  std::string path = Write("unreadable.yaml", "name: x\n");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  if (geteuid() != 0) {
    ExpectRefused(path, "Permission denied");
    std::remove(path.c_str());
    return;
  }
  constexpr uid_t kNobody = 65534;
  constexpr int kRefused = 0, kCannotDropRoot = 10, kStillReadable = 11, kAccepted = 12;
  fflush(nullptr);  // the child must not write the parent's buffered output a second time
  pid_t child = fork();
  ASSERT_GE(child, 0) << "fork: " << std::strerror(errno);
  if (child == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0) {
      _exit(kCannotDropRoot);
    }
    if (access(path.c_str(), R_OK) == 0) _exit(kStillReadable);
    for (const char* command : {"check", "run"}) {
      Ran r = Meshsim(command, path);
      if (r.code != 2 || r.err.find("Permission denied") == std::string::npos) {
        std::fprintf(stderr, "meshsim %s as nobody: exit %d: %s\n", command, r.code,
                     r.err.c_str());
        _exit(kAccepted);
      }
    }
    _exit(kRefused);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  std::remove(path.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
  EXPECT_NE(WEXITSTATUS(status), kCannotDropRoot) << "could not become nobody";
  EXPECT_NE(WEXITSTATUS(status), kStillReadable) << "nobody can read a mode-000 file";
  EXPECT_EQ(WEXITSTATUS(status), kRefused) << "meshsim did not refuse the unreadable file";
}

TEST(HostileInput, EmptyFile) {
  ExpectRefused(Write("empty.yaml", ""), "hostile_empty.yaml");
  ExpectRefused(Write("blank.yaml", "\n\n   \n# only a comment\n"), "hostile_blank.yaml");
}

TEST(HostileInput, HugeFileIsRefusedWithoutBeingRead) {
  std::string path = meshsim::testing::ScratchDir() + "/hostile_huge.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    out << "name: huge\n";
    std::string block;
    for (int i = 0; i < 1024 * 1024 / 16; ++i) block += "# padding line.\n";  // 1 MiB
    for (int mb = 0; mb < 100; ++mb) out << block;
  }
  long before_kb = RssKb();
  ExpectRefused(path, "16 MiB");
  // Reading it would have taken the peak 100 MB past the resident set before the call; the
  // size check refuses it unread. (Relative: an ASan build starts above 100 MB on its own.)
  EXPECT_LT(PeakRssKb() - before_kb, 100 * 1024);
  std::remove(path.c_str());
}

TEST(HostileInput, BinaryFile) {
  std::string bytes = "\x7f" "ELF\x02\x01\x01";
  bytes += std::string(64, '\0');
  ExpectRefused(Write("binary.yaml", bytes), "NUL: a binary file?");
}

TEST(HostileInput, NonUtf8TextNamesTheByteAndItsPosition) {
  std::string path = Write("latin1.yaml", "name: walkthrough\ndescription: caf\xE9\n");
  ExpectRefused(path, "hostile_latin1.yaml:2:17: error: found byte 0xE9 that is not UTF-8");
}

TEST(HostileInput, BillionLaughsAliasBomb) {
  std::string text = "name: bomb\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  ExpectRefused(Write("bomb.yaml", text), "alias bomb");
}

TEST(HostileInput, DeeplyNestedDocuments) {
  // Past meshsim's own depth limit, and far past yaml-cpp's recursion guard.
  ExpectRefused(Write("nested.yaml", "name: " + std::string(100, '[') + std::string(100, ']')),
                "nested more than 64 levels deep");
  std::string block = "name:\n";
  for (int i = 0; i < 100; ++i) block += std::string(i + 1, ' ') + "a:\n";
  ExpectRefused(Write("nested_block.yaml", block), "nested more than 64 levels deep");
  ExpectRefused(Write("very_nested.yaml", std::string(200000, '[')), "error: found");
}

}  // namespace
}  // namespace meshsim::cli
