// Test support: a child process (inboxprobe) whose output (stdout and stderr
// together) is read line by line as it comes, so that a test can act at a
// chosen moment of a run: kill it with SIGKILL on a progress line or after a
// delay.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace inboxprobe::test {

class ChildProcess
{
public:
  // Start `argv` (argv[0] a path) with its stdout and stderr on one pipe.
  explicit ChildProcess(const std::vector<std::string>& argv)
  {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    std::vector<char*> args;
    for (const std::string& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    const int rc = posix_spawn(&m_pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    m_fd = fds[0];
    REQUIRE(rc == 0);
  }
  ~ChildProcess()
  {
    if (m_pid > 0) {
      kill(m_pid, SIGKILL);
      wait();
    }
    if (m_fd >= 0) {
      close(m_fd);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Read output until a line satisfies `stop` (true), `timeout_ms` passes
  // (false; negative: no limit) or the output ends (false).
  bool
  read_until(const std::function<bool(const std::string&)>& stop, int timeout_ms = -1)
  {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      for (std::size_t nl; (nl = m_pending.find('\n')) != std::string::npos;) {
        const std::string line = m_pending.substr(0, nl);
        m_pending.erase(0, nl + 1);
        m_output += line + "\n";
        if (stop(line)) {
          return true;
        }
      }
      int wait_ms = -1;
      if (timeout_ms >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
          return false;
        }
        wait_ms = static_cast<int>(left.count());
      }
      pollfd p{m_fd, POLLIN, 0};
      if (poll(&p, 1, wait_ms) == 0) {
        return false;
      }
      char buffer[4096];
      const ssize_t n = read(m_fd, buffer, sizeof buffer);
      if (n <= 0) {
        m_output += m_pending;
        m_pending.clear();
        return false;
      }
      m_pending.append(buffer, static_cast<std::size_t>(n));
    }
  }

  // SIGKILL (kill -9) now.
  void
  kill_now()
  {
    REQUIRE(m_pid > 0);
    kill(m_pid, SIGKILL);
  }

  // Read the rest of the output and reap the child: its exit code, or -SIGNAL.
  int
  wait()
  {
    read_until([](const std::string&) { return false; });
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

  // Everything read so far.
  const std::string&
  output() const
  {
    return m_output;
  }

private:
  pid_t m_pid = -1;
  int m_fd = -1;
  std::string m_pending;
  std::string m_output;
};

} // namespace inboxprobe::test
