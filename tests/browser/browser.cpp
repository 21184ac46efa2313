// Headless Chromium runner, counting listener and PNG reader (browser.hpp).
#include "browser.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <filesystem>

namespace inboxprobe::test {

CountingListener::CountingListener()
{
  m_fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(m_fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(m_fd, 64) == 0);
  socklen_t length = sizeof address;
  REQUIRE(getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  m_port = ntohs(address.sin_port);
  m_thread = std::thread([this] {
    while (!m_stop) {
      pollfd p{m_fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) {
        continue;
      }
      const int client = accept(m_fd, nullptr, nullptr);
      if (client < 0) {
        continue;
      }
      ++m_connections;
      // The request line, if the client sends one within 1 s.
      std::array<char, 512> buffer{};
      pollfd c{client, POLLIN, 0};
      const ssize_t n = poll(&c, 1, 1000) > 0 ? recv(client, buffer.data(), buffer.size(), 0) : 0;
      const std::string first(buffer.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
      const std::string line = first.substr(0, first.find('\r'));
      if (!is_browser_background(line)) {
        ++m_page_connections;
      }
      while (m_lock.test_and_set()) {
      }
      m_requests += line + "\n";
      m_lock.clear();
      close(client);
    }
  });
}

CountingListener::~CountingListener()
{
  m_stop = true;
  m_thread.join();
  close(m_fd);
}

int
CountingListener::port() const
{
  return m_port;
}

int
CountingListener::connections() const
{
  return m_connections;
}

int
CountingListener::page_connections() const
{
  return m_page_connections;
}

bool
is_browser_background(const std::string& request_line)
{
  for (const char* prefix : {"CONNECT update.googleapis.com:443 ",
                             "POST http://update.googleapis.com/service/update2/json?",
                             "GET http://clients2.google.com/time/1/current?",
                             "CONNECT accounts.google.com:443 "}) {
    if (request_line.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

std::string
CountingListener::requests() const
{
  while (m_lock.test_and_set()) {
  }
  std::string copy = m_requests;
  m_lock.clear();
  return copy;
}

ChromiumResult
run_chromium(const std::string& file,
             const std::string& mode_args,
             const CountingListener& listener,
             const std::string& profile_dir)
{
  // The browser binary itself, not Debian's /usr/bin/chromium wrapper: the
  // wrapper adds Google API keys, remote extensions and the extensions in
  // /usr/share/chromium/extensions, which make the browser call Google's
  // update, time and sign-in servers on its own, whatever the page does.
  const std::string chromium = "/usr/lib/chromium/chromium";
  if (!std::filesystem::exists(chromium)) {
    FAIL("Debian chromium is not installed (scripts/install-deps installs it)");
  }
  const std::string proxy = "127.0.0.1:" + std::to_string(listener.port());
  // Every way out leads to the listener: the proxy takes every URL (loopback
  // included: "<-loopback>" removes the implicit bypass), and any host name
  // resolves to 127.0.0.1.
  const std::string command =
    "timeout 90 " + chromium
    + " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --disable-default-apps --disable-extensions --no-default-browser-check"
      " --disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate"
      " --metrics-recording-only --no-pings --disable-client-side-phishing-detection"
      " --disable-domain-reliability --disable-breakpad"
      " --user-data-dir="
    + profile_dir + " --proxy-server=http://" + proxy
    + " --proxy-bypass-list='<-loopback>' --host-resolver-rules='MAP * 127.0.0.1' " + mode_args
    + " 'file://" + file + "' 2>/dev/null";
  ChromiumResult result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

namespace {

std::uint32_t
be32(const std::string& data, std::size_t pos)
{
  return (std::uint32_t(static_cast<unsigned char>(data[pos])) << 24)
         | (std::uint32_t(static_cast<unsigned char>(data[pos + 1])) << 16)
         | (std::uint32_t(static_cast<unsigned char>(data[pos + 2])) << 8)
         | std::uint32_t(static_cast<unsigned char>(data[pos + 3]));
}

int
paeth(int a, int b, int c)
{
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// PNG §9: undo each scanline's filter in place.
void
unfilter(std::vector<unsigned char>& raw, int width, int height, int channels)
{
  const std::size_t stride = static_cast<std::size_t>(width) * channels;
  std::vector<unsigned char> previous(stride, 0);
  for (int y = 0; y < height; ++y) {
    unsigned char* line = &raw[static_cast<std::size_t>(y) * (stride + 1)];
    const int filter = line[0];
    unsigned char* px = line + 1;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? px[i - channels] : 0;
      const int b = previous[i];
      const int c = i >= static_cast<std::size_t>(channels) ? previous[i - channels] : 0;
      const int add = filter == 1   ? a
                      : filter == 2 ? b
                      : filter == 3 ? (a + b) / 2
                      : filter == 4 ? paeth(a, b, c)
                                    : 0;
      px[i] = static_cast<unsigned char>(px[i] + add);
    }
    std::copy(px, px + stride, previous.begin());
  }
}

} // namespace

Image
decode_png(const std::string& png)
{
  REQUIRE(png.size() > 8);
  REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  Image image;
  int channels = 0;
  std::string idat;
  for (std::size_t pos = 8; pos + 8 <= png.size();) {
    const std::uint32_t length = be32(png, pos);
    const std::string type = png.substr(pos + 4, 4);
    if (type == "IHDR") {
      image.width = static_cast<int>(be32(png, pos + 8));
      image.height = static_cast<int>(be32(png, pos + 12));
      REQUIRE(png[pos + 16] == 8); // bit depth
      const int color_type = png[pos + 17];
      REQUIRE((color_type == 2 || color_type == 6));
      REQUIRE(png[pos + 20] == 0); // not interlaced
      channels = color_type == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat += png.substr(pos + 8, length);
    }
    pos += 12 + length;
  }
  REQUIRE(channels > 0);
  const std::size_t stride = static_cast<std::size_t>(image.width) * channels + 1;
  std::vector<unsigned char> raw(stride * image.height);
  uLongf size = raw.size();
  REQUIRE(uncompress(raw.data(),
                     &size,
                     reinterpret_cast<const Bytef*>(idat.data()),
                     static_cast<uLong>(idat.size()))
          == Z_OK);
  REQUIRE(size == raw.size());
  unfilter(raw, image.width, image.height, channels);
  for (int y = 0; y < image.height; ++y) {
    const unsigned char* px = &raw[y * stride + 1];
    for (int x = 0; x < image.width; ++x) {
      const unsigned char* p = px + x * channels;
      image.pixels.push_back((std::uint32_t(p[0]) << 16) | (std::uint32_t(p[1]) << 8) | p[2]);
    }
  }
  return image;
}

} // namespace inboxprobe::test
