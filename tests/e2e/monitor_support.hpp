// Test support for the monitoring scenarios: a free loopback port, a small
// HTTP receiver that records every POST (a chat webhook, Alertmanager), a
// throwaway Postfix instance configured as an open relay on purpose, and a
// background inboxprobe process that can be signalled.
#pragma once

#include "lab.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

extern char** environ;

namespace inboxprobe::test {

// A TCP port on 127.0.0.1 that nothing listens on right now.
inline int
free_port()
{
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct HttpRequest
{
  std::string request_line; // "POST /hook HTTP/1.1"
  std::string body;
};

// Accepts HTTP/1.1 requests on 127.0.0.1 in a thread, answers 200, records
// them. Bounded: each connection gets 5 s.
class HttpReceiver
{
public:
  HttpReceiver()
  {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(m_fd, 16) == 0);
    socklen_t len = sizeof addr;
    getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;
  ~HttpReceiver()
  {
    m_stop = true;
    shutdown(m_fd, SHUT_RDWR);
    close(m_fd);
    m_thread.join();
  }

  std::string
  url(const std::string& path) const
  {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }

  std::vector<HttpRequest>
  requests() const
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_requests;
  }

private:
  void
  serve()
  {
    while (!m_stop) {
      const int client = accept(m_fd, nullptr, nullptr);
      if (client < 0) {
        continue;
      }
      timeval timeout{5, 0};
      setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      std::string data;
      char buffer[4096];
      std::size_t need = std::string::npos;
      while (need == std::string::npos || data.size() < need) {
        const ssize_t n = recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) {
          break;
        }
        data.append(buffer, static_cast<std::size_t>(n));
        const std::size_t end = data.find("\r\n\r\n");
        if (need == std::string::npos && end != std::string::npos) {
          std::size_t length = 0;
          const std::size_t at = data.find("Content-Length: ");
          if (at != std::string::npos && at < end) {
            length = std::stoul(data.substr(at + 16));
          }
          need = end + 4 + length;
        }
      }
      const std::string reply =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
      close(client);
      const std::size_t end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_requests.push_back({data.substr(0, data.find("\r\n")), data.substr(end + 4)});
      }
    }
  }

  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  std::vector<HttpRequest> m_requests;
  std::thread m_thread;
};

// A Postfix instance of its own, started and stopped by the test: STARTTLS
// with the lab's certificate, and an open relay on purpose (mynetworks =
// 0.0.0.0/0, on 127.0.0.1 only) whose relayhost is a closed loopback
// port, so that nothing it accepts can ever leave: accepted mail stays
// deferred in its queue.
class ThrowawayPostfix
{
public:
  ThrowawayPostfix(const Lab& lab, const std::filesystem::path& dir)
    : m_dir(dir),
      m_port(free_port())
  {
    const std::string d = dir.string();
    const std::string main_cf =
      "compatibility_level = 3.6\nqueue_directory = " + d + "/queue\ndata_directory = " + d
      + "/data\nmail_owner = postfix\nsetgid_group = postdrop\nmyhostname = relay.throwaway.test\n"
        "mydomain = throwaway.test\ninet_interfaces = 127.0.0.1\ninet_protocols = ipv4\n"
        "mydestination =\nlocal_recipient_maps =\nalias_maps =\n"
        "alias_database =\nbiff = no\nlocal_transport = error:no local delivery\n"
        "maillog_file = " + d + "/postfix.log\nmaillog_file_prefixes = " + d + "\n"
      + "smtp_dns_support_level = disabled\n"
        "# An open relay on purpose, the classic way: every address is \"my network\"\n"
        "# (it listens on 127.0.0.1 only)...\n"
        "mynetworks = 0.0.0.0/0\n"
        "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n"
        "# ...but the only next hop is a closed port: nothing ever leaves.\n"
        "relayhost = [127.0.0.1]:" + std::to_string(free_port()) + "\n"
      + "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = " + lab["LAB_DIR"]
      + "/tls/key.pem, " + lab["LAB_CA_FILE"] + "\n";
    std::filesystem::create_directories(dir / "etc");
    // Postfix's daemons run as "postfix" and must reach the queue: mkdtemp's
    // 0700 would stop them.
    chmod(dir.parent_path().c_str(), 0755);
    chmod(dir.c_str(), 0755);
    write_file(dir / "etc/main.cf", main_cf, 0644);
    write_file(
      dir / "etc/master.cf",
      "127.0.0.1:" + std::to_string(m_port) + " inet n - n - - smtpd\n"
        + slurp(std::string(INBOXPROBE_SOURCE_DIR) + "/lab/templates/postfix/master-common.cf"),
      0644);
    // The queue layout of Postfix's postfix-files, as lab/up makes it.
    const auto made = run_command(
      "set -e; q=" + d + "/queue; install -d -m 0755 $q $q/pid; "
      "for s in active bounce corrupt defer deferred flush hold incoming private saved trace; "
      "do install -d -m 0700 -o postfix -g postfix $q/$s; done; "
      "install -d -m 0730 -o postfix -g postdrop $q/maildrop; "
      "install -d -m 0710 -o postfix -g postdrop $q/public; "
      "install -d -m 0700 -o postfix -g postfix " + d + "/data");
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
  }
  ThrowawayPostfix(const ThrowawayPostfix&) = delete;
  ThrowawayPostfix& operator=(const ThrowawayPostfix&) = delete;
  ~ThrowawayPostfix()
  {
    stop();
  }

  void
  start()
  {
    const auto started =
      run_command("/usr/lib/postfix/sbin/master -c " + (m_dir / "etc").string() + " -w");
    INFO(started.out);
    REQUIRE(started.exit_code == 0);
  }

  // SIGTERM to master(8) by its pidfile, then wait (bounded) until it is gone.
  void
  stop()
  {
    std::ifstream in(m_dir / "queue/pid/master.pid");
    pid_t pid = 0;
    if (!(in >> pid) || pid <= 0 || kill(pid, SIGTERM) != 0) {
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
      // A zombie (reaped by init later) counts as gone.
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string line;
      std::getline(stat, line);
      if (line.find(") Z ") != std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::filesystem::remove(m_dir / "queue/pid/master.pid");
  }

  int
  port() const
  {
    return m_port;
  }
  std::string
  config_dir() const
  {
    return (m_dir / "etc").string();
  }

  // A [[route]] table for this instance: STARTTLS, no AUTH (relay by IP).
  std::string
  route(const Lab& lab, const std::string& name) const
  {
    return "[[route]]\nname = \"" + name + "\"\nurl = \"smtp://127.0.0.1:" + std::to_string(m_port)
           + "\"\ntls = \"starttls\"\nca_file = \"" + lab["LAB_CA_FILE"]
           + "\"\nehlo = \"client.lab.test\"\nmail_from = \"monitor@throwaway.test\"\n"
             "postfix_config_dir = \""
           + config_dir() + "\"\n\n";
  }

private:
  std::filesystem::path m_dir;
  int m_port;
};

// A program (inboxprobe, prometheus) running in the background, its output in
// a file; killed when the test ends without stopping it.
class Background
{
public:
  Background(const std::string& program,
             std::vector<std::string> args,
             const std::filesystem::path& log)
    : m_log(log)
  {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    args.insert(args.begin(), program);
    std::vector<char*> argv;
    for (std::string& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    REQUIRE(posix_spawnp(&m_pid, program.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  ~Background()
  {
    if (m_pid > 0) {
      kill(m_pid, SIGKILL);
      waitpid(m_pid, nullptr, 0);
    }
  }

  void
  signal(int sig)
  {
    REQUIRE(kill(m_pid, sig) == 0);
  }

  // The exit code once it exits within `seconds`; -1 when it is still running.
  int
  wait_exit(int seconds)
  {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

  bool
  running()
  {
    return m_pid > 0 && waitpid(m_pid, nullptr, WNOHANG) == 0;
  }

  std::string
  output() const
  {
    return slurp(m_log);
  }

  // Wait (bounded) until the output contains `text`.
  bool
  wait_output(const std::string& text, int seconds) const
  {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      if (output().find(text) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

private:
  std::filesystem::path m_log;
  pid_t m_pid = -1;
};

// The body of GET `url` (curl, 5 s), empty when it fails.
inline std::string
http_get(const std::string& url)
{
  const auto got = run_command("curl -sf --max-time 5 '" + url + "'");
  return got.exit_code == 0 ? got.out : "";
}

// `condition()` true within `seconds`, polled every 100 ms.
template<typename F>
bool
eventually(int seconds, F&& condition)
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return condition();
}

} // namespace inboxprobe::test
