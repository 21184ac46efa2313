// HTTP POST of a JSON document with libcurl: how alert notifications reach a
// chat webhook (Slack, Mattermost) or Alertmanager's API (RFC 9110 POST,
// application/json). TLS is verified; redirects are not followed.
#pragma once

#include <core/error.hpp>

#include <cstdint>
#include <string>

namespace inboxprobe {

struct HttpResponse
{
  long status = 0;  // HTTP status code
  std::string body; // at most the first 4 KiB of the response body
};

// POST `json_body` to `url` with Content-Type application/json, within
// `timeout_ms`. A response of any status is a HttpResponse (the caller
// decides what a 4xx means); a transport failure is Error "http.post" whose
// text names only the URL's scheme and host (webhook URLs carry tokens in
// their path).
Result<HttpResponse>
http_post_json(const std::string& url, const std::string& json_body, std::int64_t timeout_ms);

// "https://hooks.example.com/…": the URL without its path and query, for
// messages (a webhook URL's path is a secret).
std::string redact_url(const std::string& url);

} // namespace inboxprobe
