// The small HTTP/1.1 server of `inboxprobe serve` (Boost.Beast on the
// serve loop's io_context): GET requests only, one request per connection,
// every connection bounded in time. Internal to app.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <string>

namespace inboxprobe {

struct HttpReply
{
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class HttpServer
{
public:
  using Handler = std::function<HttpReply(const std::string& target)>;

  // Listen on `listen` ("127.0.0.1:9469", "[::1]:9469", port 0 = any free
  // port) and answer each GET with `handler`'s reply. Throws ConfigError for
  // an address that does not parse or cannot be bound.
  HttpServer(boost::asio::io_context& io, const std::string& listen, Handler handler);

  // The bound address, e.g. "127.0.0.1:40123".
  std::string local_address() const;
  // Stop accepting; connections in progress finish.
  void close();

private:
  void accept();

  boost::asio::ip::tcp::acceptor m_acceptor;
  std::shared_ptr<Handler> m_handler;
};

} // namespace inboxprobe
