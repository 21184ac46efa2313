// FakeDnsServer: a tiny DNS responder on 127.0.0.1 (UDP and TCP on one
// port) for testing the DKIM key lookup's DNS client without a network. Each
// name in its zone has a behaviour: answer TXT strings, NXDOMAIN, SERVFAIL, an
// empty NOERROR, no reply at all, or a truncated UDP reply whose full answer
// comes over TCP (RFC 1035 §4.2).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace inboxprobe::test {

class FakeDnsServer
{
public:
  enum class Behaviour { answer, nxdomain, servfail, empty, drop, truncate_udp };
  struct Entry
  {
    Behaviour behaviour = Behaviour::answer;
    std::vector<std::vector<std::string>> records; // TXT RRs of strings
  };

  explicit FakeDnsServer(std::map<std::string, Entry> zone) : m_zone(std::move(zone))
  {
    bind_sockets();
    m_thread = std::thread([this] { serve(); });
  }
  ~FakeDnsServer()
  {
    m_stop = true;
    m_thread.join();
    ::close(m_udp);
    ::close(m_tcp);
  }
  FakeDnsServer(const FakeDnsServer&) = delete;
  FakeDnsServer& operator=(const FakeDnsServer&) = delete;

  std::string
  address() const
  {
    return "127.0.0.1:" + std::to_string(m_port);
  }
  int
  tcp_queries() const
  {
    return m_tcp_queries;
  }

private:
  std::map<std::string, Entry> m_zone;
  int m_udp = -1;
  int m_tcp = -1;
  std::uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_tcp_queries{0};
  std::thread m_thread;

  // TCP on a free port, then UDP on the same number; that UDP port may be
  // taken by another process, so try a few ports.
  void
  bind_sockets()
  {
    for (int attempt = 0; attempt < 20; ++attempt) {
      m_tcp = ::socket(AF_INET, SOCK_STREAM, 0);
      m_udp = ::socket(AF_INET, SOCK_DGRAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      socklen_t size = sizeof address;
      if (::bind(m_tcp, reinterpret_cast<sockaddr*>(&address), size) == 0 && ::listen(m_tcp, 4) == 0
          && ::getsockname(m_tcp, reinterpret_cast<sockaddr*>(&address), &size) == 0
          && ::bind(m_udp, reinterpret_cast<sockaddr*>(&address), size) == 0) {
        m_port = ntohs(address.sin_port);
        return;
      }
      ::close(m_tcp);
      ::close(m_udp);
    }
    throw std::runtime_error("FakeDnsServer: cannot bind");
  }

  void
  serve()
  {
    while (!m_stop) {
      pollfd fds[2] = {{m_udp, POLLIN, 0}, {m_tcp, POLLIN, 0}};
      if (::poll(fds, 2, 50) <= 0) {
        continue;
      }
      if (fds[0].revents & POLLIN) {
        serve_udp();
      }
      if (fds[1].revents & POLLIN) {
        serve_tcp();
      }
    }
  }

  void
  serve_udp()
  {
    std::vector<unsigned char> query(1500);
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    const ssize_t n =
      ::recvfrom(m_udp, query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&peer), &size);
    if (n <= 0) {
      return;
    }
    query.resize(static_cast<std::size_t>(n));
    const std::vector<unsigned char> reply = respond(query, false);
    if (!reply.empty()) {
      ::sendto(m_udp, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), size);
    }
  }

  void
  serve_tcp()
  {
    const int client = ::accept(m_tcp, nullptr, nullptr);
    if (client < 0) {
      return;
    }
    ++m_tcp_queries;
    timeval timeout{2, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    unsigned char length[2];
    std::vector<unsigned char> query;
    if (read_all(client, length, 2)) {
      query.resize(static_cast<std::size_t>(length[0] << 8 | length[1]));
      if (read_all(client, query.data(), query.size())) {
        std::vector<unsigned char> reply = respond(query, true);
        const auto size = static_cast<std::uint16_t>(reply.size());
        reply.insert(
          reply.begin(),
          {static_cast<unsigned char>(size >> 8), static_cast<unsigned char>(size & 0xff)});
        (void)!::write(client, reply.data(), reply.size());
      }
    }
    ::close(client);
  }

  static bool
  read_all(int fd, unsigned char* data, std::size_t size)
  {
    while (size > 0) {
      const ssize_t n = ::read(fd, data, size);
      if (n <= 0) {
        return false;
      }
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }

  // The reply to `query` (empty: send nothing). Only the question is read.
  std::vector<unsigned char>
  respond(const std::vector<unsigned char>& query, bool tcp) const
  {
    if (query.size() < 12) {
      return {};
    }
    std::size_t pos = 12;
    std::string name;
    while (pos < query.size() && query[pos] != 0) {
      const std::size_t label = query[pos];
      name += (name.empty() ? "" : ".")
              + std::string(query.begin() + static_cast<long>(pos) + 1,
                            query.begin() + static_cast<long>(pos + 1 + label));
      pos += 1 + label;
    }
    const std::size_t question_end = pos + 5; // root label, type, class
    const auto found = m_zone.find(name);
    const Entry entry = found == m_zone.end() ? Entry{Behaviour::nxdomain, {}} : found->second;
    if (entry.behaviour == Behaviour::drop || question_end > query.size()) {
      return {};
    }
    std::vector<unsigned char> reply(query.begin(),
                                     query.begin() + static_cast<long>(question_end));
    const bool truncate = entry.behaviour == Behaviour::truncate_udp && !tcp;
    const int rcode = entry.behaviour == Behaviour::nxdomain   ? 3
                      : entry.behaviour == Behaviour::servfail ? 2
                                                               : 0;
    reply[2] = static_cast<unsigned char>(0x81 | (truncate ? 0x02 : 0));
    reply[3] = static_cast<unsigned char>(0x80 | rcode);
    reply[10] = reply[11] = 0; // no additional records (drop any EDNS0 OPT)
    const bool answers =
      (entry.behaviour == Behaviour::answer || entry.behaviour == Behaviour::truncate_udp)
      && !truncate;
    reply[6] = 0;
    reply[7] = answers ? static_cast<unsigned char>(entry.records.size()) : 0;
    for (std::size_t i = 0; answers && i < entry.records.size(); ++i) {
      append_txt(reply, entry.records[i]);
    }
    return reply;
  }

  static void
  append_txt(std::vector<unsigned char>& reply, const std::vector<std::string>& strings)
  {
    std::vector<unsigned char> rdata;
    for (const std::string& s : strings) {
      rdata.push_back(static_cast<unsigned char>(s.size()));
      rdata.insert(rdata.end(), s.begin(), s.end());
    }
    // Name pointer to the question, TYPE TXT, CLASS IN, TTL 60, RDLENGTH.
    const unsigned char head[] = {0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60};
    reply.insert(reply.end(), std::begin(head), std::end(head));
    reply.push_back(static_cast<unsigned char>(rdata.size() >> 8));
    reply.push_back(static_cast<unsigned char>(rdata.size() & 0xff));
    reply.insert(reply.end(), rdata.begin(), rdata.end());
  }
};

} // namespace inboxprobe::test
