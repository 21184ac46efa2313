// `postqueue -j`: spawned without a shell (posix_spawn), its output read with
// a deadline (poll), killed when it overruns; then parsed line by line.
#include "postfix_queue.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <vector>

extern char** environ;

namespace inboxprobe {

namespace {

struct Output
{
  std::string text;
  std::string error; // empty when the command ran and exited 0
};

// Read `fd` until EOF or `deadline`; false on timeout.
bool
read_until(int fd, std::string& text, std::chrono::steady_clock::time_point deadline)
{
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      return ready == 0 ? false : true;
    }
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return true;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

Output
run_bounded(std::vector<std::string> args, std::int64_t timeout_ms)
{
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return {"", std::string("pipe: ") + std::strerror(errno)};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  Output out;
  if (rc != 0) {
    close(pipe_fds[0]);
    return {"", "cannot run " + args[0] + ": " + std::strerror(rc)};
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  const bool finished = read_until(pipe_fds[0], out.text, deadline);
  close(pipe_fds[0]);
  if (!finished) {
    kill(pid, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    out.error = args[0] + " gave no answer within " + std::to_string(timeout_ms) + " ms";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string first_line = out.text.substr(0, out.text.find('\n'));
    out.error = args[0] + " failed" + (first_line.empty() ? "" : ": " + first_line);
  }
  return out;
}

} // namespace

PostfixQueue
parse_postqueue_json(const std::string& json_lines)
{
  PostfixQueue queue;
  std::size_t start = 0;
  while (start < json_lines.size()) {
    std::size_t end = json_lines.find('\n', start);
    if (end == std::string::npos) {
      end = json_lines.size();
    }
    const std::string line = json_lines.substr(start, end - start);
    start = end + 1;
    // postqueue's own diagnostics share the stream, e.g. "postqueue: warning:
    // Mail system is down -- accessing queue directly" before the messages.
    if (line.find_first_not_of(" \t\r") == std::string::npos
        || line.rfind("postqueue: warning: ", 0) == 0) {
      continue;
    }
    try {
      const nlohmann::json message = nlohmann::json::parse(line);
      const std::string name = message.at("queue_name").get<std::string>();
      const std::int64_t arrival = message.at("arrival_time").get<std::int64_t>();
      ++queue.messages;
      queue.deferred += name == "deferred" ? 1 : 0;
      queue.hold += name == "hold" ? 1 : 0;
      if (!queue.oldest_arrival_at || arrival < *queue.oldest_arrival_at) {
        queue.oldest_arrival_at = arrival;
      }
    } catch (const nlohmann::json::exception& e) {
      queue.error = "unexpected postqueue -j output: " + std::string(e.what());
      return queue;
    }
  }
  return queue;
}

PostfixQueue
read_postfix_queue(const std::string& config_dir, std::int64_t timeout_ms)
{
  // /usr/sbin is not on every user's PATH (cron, systemd units).
  std::vector<std::string> args = {access("/usr/sbin/postqueue", X_OK) == 0 ? "/usr/sbin/postqueue"
                                                                            : "postqueue"};
  if (!config_dir.empty()) {
    args.insert(args.end(), {"-c", config_dir});
  }
  args.push_back("-j");
  const Output output = run_bounded(args, timeout_ms);
  PostfixQueue queue;
  if (output.error.empty()) {
    queue = parse_postqueue_json(output.text);
  } else {
    queue.error = output.error;
  }
  queue.config_dir = config_dir;
  return queue;
}

} // namespace inboxprobe
