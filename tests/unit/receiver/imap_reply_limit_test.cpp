// A server that announces a literal far larger than the reply limit
// (ImapOptions::max_reply_bytes) and streams it, or answers partial fetches
// with full parts forever: the fetch fails with imap.too_large once the limit
// is reached (the collector reports it as an imap.folder_error finding),
// instead of reading the message into memory. The fake server speaks just
// enough IMAP (RFC 3501) for libcurl: greeting, CAPABILITY, LOGIN, SELECT,
// then FETCH literals that never end.
#include "folder_read.hpp"
#include "imap_session.hpp"

#include <core/clock.hpp>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace inboxprobe;

namespace {

class HugeLiteralServer
{
public:
  HugeLiteralServer()
  {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    REQUIRE(listen(m_fd, 4) == 0);
    m_thread = std::thread([this] { serve(); });
  }
  ~HugeLiteralServer()
  {
    shutdown(m_fd, SHUT_RDWR);
    if (m_client >= 0) {
      shutdown(m_client, SHUT_RDWR); // unblocks a send to a client that stopped reading
    }
    close(m_fd);
    m_thread.join();
  }
  int
  port() const
  {
    return m_port;
  }
  // Literal bytes written before the client gave up.
  std::size_t
  streamed() const
  {
    return m_streamed;
  }

private:
  static bool
  send_all(int c, const std::string& text)
  {
    return send(c, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }

  // One command line from the client, without CRLF; empty when it hung up.
  static std::string
  read_line(int c)
  {
    std::string line;
    char ch = 0;
    while (recv(c, &ch, 1, 0) == 1) {
      if (ch == '\n') {
        return line.empty() ? " " : line;
      }
      if (ch != '\r') {
        line.push_back(ch);
      }
    }
    return {};
  }

  // The tagged OK never comes: the literal does not end.
  void
  stream_literal(int c)
  {
    if (!send_all(c, "* 1 FETCH (UID 1 BODY[] {4000000000}\r\n")) {
      return;
    }
    // Lines of mail: libcurl refuses a single line above 300 kB on its own.
    std::string chunk;
    while (chunk.size() < 64 * 1024) {
      chunk += std::string(76, 'a') + "\r\n";
    }
    while (m_streamed < 4'000'000'000u && send_all(c, chunk)) {
      m_streamed += chunk.size();
    }
  }

  // A partial FETCH (RFC 3501 §6.4.5 BODY[]<start.length>) answered in full,
  // every time: the message never ends.
  void
  send_part(int c, const std::string& tag, const std::string& command)
  {
    const std::size_t open = command.find("BODY.PEEK[]<") + 12;
    const std::string start = command.substr(open, command.find('.', open) - open);
    std::string part;
    while (part.size() < 256 * 1024) {
      part += std::string(76, 'b') + "\r\n";
    }
    part.resize(256 * 1024);
    send_all(c,
             "* 1 FETCH (UID 1 BODY[]<" + start + "> {" + std::to_string(part.size()) + "}\r\n"
               + part + ")\r\n" + tag + " OK Fetch completed\r\n");
    m_streamed += part.size();
  }

  // One connection: answer commands until the client hangs up.
  void
  serve_client(int c)
  {
    send_all(c, "* OK fake IMAP ready\r\n");
    for (std::string line = read_line(c); !line.empty(); line = read_line(c)) {
      const std::string tag = line.substr(0, line.find(' '));
      const std::string command = line.substr(tag.size() + 1);
      if (command.rfind("CAPABILITY", 0) == 0) {
        send_all(c, "* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n");
      } else if (command.rfind("SELECT", 0) == 0 || command.rfind("EXAMINE", 0) == 0) {
        send_all(c, "* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n" + tag + " OK Select completed\r\n");
      } else if (command.find("BODY.PEEK[]<") != std::string::npos) {
        send_part(c, tag, command);
      } else if (command.find("FETCH") != std::string::npos) {
        stream_literal(c);
        break;
      } else {
        send_all(c, tag + " OK Logged in\r\n"); // LOGIN, AUTHENTICATE, anything else
      }
    }
  }

  void
  serve()
  {
    for (int c = accept(m_fd, nullptr, nullptr); c >= 0; c = accept(m_fd, nullptr, nullptr)) {
      m_client = c;
      serve_client(c);
      m_client = -1;
      close(c);
    }
  }

  int m_fd = -1;
  std::atomic<int> m_client{-1};
  int m_port = 0;
  std::atomic<std::size_t> m_streamed{0};
  std::thread m_thread;
};

} // namespace

TEST_CASE("a FETCH literal larger than the reply limit fails with imap.too_large",
          "[receiver][unit]")
{
  HugeLiteralServer server;
  SeedMailbox seed;
  seed.imap_url = "imap://127.0.0.1:" + std::to_string(server.port());
  seed.tls = TlsMode::none;
  seed.user = "seed1@inbox.test";
  seed.password = Secret("pw");
  ImapOptions options;
  options.max_reply_bytes = 4 * 1024 * 1024;
  options.command_timeout_ms = 20'000;
  SystemClock clock;
  ImapSession session(seed, options, clock);
  // libcurl's own FETCH (fetch_by_url) reads the literal by its length.
  const auto reply = session.fetch_by_url("INBOX", 1);
  REQUIRE_FALSE(reply);
  CAPTURE(reply.error().what);
  CHECK(reply.error().code == "imap.too_large");
  // The client stopped near the limit, not at the 4 GB the server announced.
  CHECK(server.streamed() < 64u * 1024 * 1024);
}

TEST_CASE("a message whose partial fetches never end fails with imap.too_large", "[receiver][unit]")
{
  HugeLiteralServer server;
  SeedMailbox seed;
  seed.imap_url = "imap://127.0.0.1:" + std::to_string(server.port());
  seed.tls = TlsMode::none;
  seed.user = "seed1@inbox.test";
  seed.password = Secret("pw");
  ImapOptions options;
  options.max_reply_bytes = 2 * 1024 * 1024;
  options.command_timeout_ms = 20'000;
  SystemClock clock;
  ImapSession session(seed, options, clock);
  RecoveredFetches recovered;
  // The whole-message FETCH is cut (libcurl bounds a reply's lines), then the
  // message is read in parts of k_reply_budget_bytes: full parts stop at the limit.
  const auto message = fetch_whole_message(session, "INBOX", 1, -1, true, recovered);
  REQUIRE_FALSE(message);
  CAPTURE(message.error().what);
  CHECK(message.error().code == "imap.too_large");
  CHECK(recovered.cut_replies == 1);
  CHECK(server.streamed() < 64u * 1024 * 1024);
}
