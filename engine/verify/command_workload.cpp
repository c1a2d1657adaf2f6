// --verify-cmd: the user's workload, run once per measurement by posix_spawn (execve of the
// resolved path: no shell, no PATH fallback to sh), stdout read through a pipe.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "bench/benchmark.h"
#include "engine/verify/workload.h"

extern char** environ;

namespace vtune::verify {
namespace {

// argv[0] as execve needs it: a path with a slash as given, else the first executable of
// that name in $PATH.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    std::string cand = (dir.empty() ? "." : dir) + "/" + name;
    struct stat st {};
    if (::stat(cand.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(cand.c_str(), X_OK) == 0)
      return cand;
    start = end + 1;
  }
  throw bench::BenchError("--verify-cmd: " + name + ": not found in PATH");
}

class CommandWorkload final : public Workload {
 public:
  CommandWorkload(std::vector<std::string> argv, bool higher)
      : argv_(std::move(argv)), higher_(higher) {}
  std::string name() const override { return "cmd"; }
  std::string unit() const override { return "(command output)"; }
  bool higher_is_better() const override { return higher_; }
  void prepare() override {
    program_ = resolve_program(argv_.at(0));
    measure();  // the warm-up run, discarded
  }
  double measure() override {
    if (program_.empty()) program_ = resolve_program(argv_.at(0));
    std::string out = run_once();
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(out.c_str(), &end);
    while (end && *end != '\0' && std::strchr(" \t\r\n", *end)) ++end;
    if (end == out.c_str() || (end && *end != '\0') || errno != 0 || !std::isfinite(v))
      throw bench::BenchError("--verify-cmd must print one number on stdout; it printed \"" +
                              out.substr(0, 80) + "\"");
    return v;
  }

 private:
  std::string run_once() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw bench::BenchError("pipe: " + std::string(strerror(errno)));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (std::string& a : argv_) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, program_.c_str(), &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    if (rc != 0) {
      ::close(fds[0]);
      throw bench::BenchError("--verify-cmd: cannot run " + program_ + ": " + strerror(rc));
    }
    std::string out;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (out.size() < 65536) out.append(buf, size_t(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      throw bench::BenchError("--verify-cmd: " + argv_[0] + " did not exit 0 (status " +
                              std::to_string(status) + ")");
    return out;
  }

  std::vector<std::string> argv_;
  bool higher_;
  std::string program_;
};

}  // namespace

std::unique_ptr<Workload> command_workload(std::vector<std::string> argv, bool higher_is_better) {
  if (argv.empty()) throw std::invalid_argument("--verify-cmd is empty");
  return std::make_unique<CommandWorkload>(std::move(argv), higher_is_better);
}

std::vector<std::string> split_command(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\'') {
      size_t end = line.find('\'', i + 1);
      if (end == std::string::npos) throw std::invalid_argument("unterminated ' in the command");
      word += line.substr(i + 1, end - i - 1);
      in_word = true;
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\'))
          ++j;
        word += line[j];
      }
      if (j >= line.size()) throw std::invalid_argument("unterminated \" in the command");
      in_word = true;
      i = j;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) out.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(std::move(word));
  if (out.empty()) throw std::invalid_argument("the command is empty");
  return out;
}

}  // namespace vtune::verify
