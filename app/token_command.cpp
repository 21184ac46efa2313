// posix_spawnp with two pipes and a poll loop bounded by a deadline; the child
// is killed (by its pid, SIGKILL) when the deadline passes.
#include "token_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace inboxprobe {

namespace {

// A file descriptor closed on destruction.
class Fd
{
public:
  explicit Fd(int fd = -1) : m_fd(fd)
  {
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd()
  {
    reset();
  }
  int
  get() const
  {
    return m_fd;
  }
  void
  reset(int fd = -1)
  {
    if (m_fd >= 0) {
      close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd;
};

struct Pipe
{
  Fd read;
  Fd write;
};

Result<void>
make_pipe(Pipe& pipe)
{
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return fail("token_command.spawn", std::string("pipe: ") + std::strerror(errno));
  }
  pipe.read.reset(fds[0]);
  pipe.write.reset(fds[1]);
  return {};
}

struct Output
{
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Read both pipes until both close or the deadline passes.
Output
collect(int out_fd, int err_fd, std::int64_t timeout_ms)
{
  Output output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&output.out, &output.err};
  int open = 2;
  while (open > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      output.timed_out = true;
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1; // poll ignores negative descriptors
        --open;
      }
    }
  }
  return output;
}

std::string
last_line(std::string text, const std::string& secret_output)
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.pop_back();
  }
  text =
    text.substr(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
  // Whatever went to standard output may be (part of) a token: never echo it.
  if (!secret_output.empty()) {
    for (std::size_t at = text.find(secret_output); at != std::string::npos;
         at = text.find(secret_output)) {
      text.replace(at, secret_output.size(), "<redacted>");
    }
  }
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

std::string
trim_trailing(std::string text)
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.pop_back();
  }
  return text;
}

Result<pid_t>
spawn(const std::vector<std::string>& argv, Pipe& out, Pipe& err)
{
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write.get(), STDERR_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return fail("token_command.spawn", "cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  return pid;
}

} // namespace

Result<std::vector<std::string>>
split_command_line(std::string_view line)
{
  std::vector<std::string> argv;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) {
        argv.push_back(std::move(word));
        word.clear();
      }
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != c; ++j) {
        if (c == '"' && line[j] == '\\' && j + 1 < line.size()
            && (line[j + 1] == '"' || line[j + 1] == '\\')) {
          ++j;
        }
        word.push_back(line[j]);
      }
      if (j >= line.size()) {
        return fail("token_command.syntax", std::string("unclosed ") + c + " quote");
      }
      i = j;
    } else if (c == '\\') {
      if (i + 1 == line.size()) {
        return fail("token_command.syntax", "a backslash at the end");
      }
      word.push_back(line[++i]);
    } else {
      word.push_back(c);
    }
  }
  if (in_word) {
    argv.push_back(std::move(word));
  }
  if (argv.empty()) {
    return fail("token_command.empty", "the command is empty");
  }
  return argv;
}

Result<Secret>
run_token_command(const std::vector<std::string>& argv, std::int64_t timeout_ms)
{
  Pipe out;
  Pipe err;
  TRY(make_pipe(out));
  TRY(make_pipe(err));
  const pid_t pid = TRY(spawn(argv, out, err));
  out.write.reset();
  err.write.reset();
  const Output output = collect(out.read.get(), err.read.get(), timeout_ms);
  if (output.timed_out) {
    kill(pid, SIGKILL); // our own child, by its pid
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (output.timed_out) {
    return fail("token_command.timeout",
                argv[0] + " did not finish within " + std::to_string(timeout_ms / 1000)
                  + " s and was stopped");
  }
  const std::string token = trim_trailing(output.out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string reason = WIFEXITED(status)
                                 ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                 : "was killed by signal " + std::to_string(WTERMSIG(status));
    const std::string said = last_line(output.err, token);
    return fail("token_command.exit",
                argv[0] + " " + reason + (said.empty() ? "" : ": \"" + said + "\""));
  }
  if (token.empty() || token.find_first_of("\r\n") != std::string::npos) {
    return fail("token_command.no_token",
                argv[0] + " printed " + (token.empty() ? "nothing" : "more than one line")
                  + " on standard output; expected the access token alone");
  }
  return Secret(token);
}

} // namespace inboxprobe
