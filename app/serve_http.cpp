// HTTP/1.1 for /metrics and /healthz with Boost.Beast (RFC 9112), in the
// check-first callback shape of Beast's async server example, on Boost 1.74.
#include "serve_http.hpp"

#include <core/error.hpp>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

namespace inboxprobe {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::asio::ip::tcp;

// One connection: read a request, write the reply, close. 10 s in all.
class Connection : public std::enable_shared_from_this<Connection>
{
public:
  Connection(tcp::socket socket, std::shared_ptr<HttpServer::Handler> handler)
    : m_stream(std::move(socket)),
      m_handler(std::move(handler))
  {
  }

  void
  start()
  {
    m_stream.expires_after(std::chrono::seconds(10));
    http::async_read(m_stream,
                     m_buffer,
                     m_request,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) {
                         self->respond();
                       }
                     });
  }

private:
  void
  respond()
  {
    HttpReply reply{405, "text/plain; charset=utf-8", "only GET\n"};
    if (m_request.method() == http::verb::get) {
      try {
        reply = (*m_handler)(std::string(m_request.target()));
      } catch (const std::exception& e) {
        reply = {500, "text/plain; charset=utf-8", std::string("error: ") + e.what() + "\n"};
      }
    }
    m_response.version(m_request.version());
    m_response.result(static_cast<http::status>(reply.status));
    m_response.set(http::field::server, "inboxprobe");
    m_response.set(http::field::content_type, reply.content_type);
    m_response.keep_alive(false);
    m_response.body() = std::move(reply.body);
    m_response.prepare_payload();
    http::async_write(
      m_stream, m_response, [self = shared_from_this()](beast::error_code, std::size_t) {
        beast::error_code ignored;
        self->m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      });
  }

  beast::tcp_stream m_stream;
  beast::flat_buffer m_buffer;
  http::request<http::empty_body> m_request;
  http::response<http::string_body> m_response;
  std::shared_ptr<HttpServer::Handler> m_handler;
};

tcp::endpoint
parse_listen(const std::string& listen)
{
  const std::size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (ec || port.empty() || port.size() > 5
      || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    throw ConfigError("listen address \"" + listen
                      + "\": expected ADDRESS:PORT, e.g. 127.0.0.1:9469");
  }
  return {address, static_cast<unsigned short>(std::stoi(port))};
}

} // namespace

HttpServer::HttpServer(boost::asio::io_context& io, const std::string& listen, Handler handler)
  : m_acceptor(io),
    m_handler(std::make_shared<Handler>(std::move(handler)))
{
  const tcp::endpoint endpoint = parse_listen(listen);
  boost::system::error_code ec;
  m_acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    m_acceptor.set_option(boost::asio::socket_base::reuse_address(true), ec);
    m_acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    m_acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    throw ConfigError("cannot listen on " + listen + ": " + ec.message());
  }
  accept();
}

std::string
HttpServer::local_address() const
{
  const tcp::endpoint endpoint = m_acceptor.local_endpoint();
  const std::string host = endpoint.address().to_string();
  return (endpoint.address().is_v6() ? "[" + host + "]" : host) + ":"
         + std::to_string(endpoint.port());
}

void
HttpServer::close()
{
  boost::system::error_code ignored;
  m_acceptor.close(ignored);
}

void
HttpServer::accept()
{
  m_acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted) {
      return; // closed
    }
    if (!ec) {
      std::make_shared<Connection>(std::move(socket), m_handler)->start();
    }
    accept();
  });
}

} // namespace inboxprobe
