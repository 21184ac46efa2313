// HTTP POST with a libcurl easy handle (http_post.hpp).
#include "http_post.hpp"

#include "curl_handle.hpp"

namespace inboxprobe {

namespace {

constexpr std::size_t k_max_body = 4096;

std::size_t
keep_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* body = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (body->size() < k_max_body) {
    body->append(data, std::min(n, k_max_body - body->size()));
  }
  return n;
}

} // namespace

std::string
redact_url(const std::string& url)
{
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return "(a URL)";
  }
  std::string authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  authority =
    authority.substr(authority.find('@') == std::string::npos ? 0 : authority.find('@') + 1);
  const bool has_path = url.size() > scheme_end + 3 + authority.size() + 1;
  return url.substr(0, scheme_end + 3) + authority + (has_path ? "/\u2026" : "");
}

Result<HttpResponse>
http_post_json(const std::string& url, const std::string& json_body, std::int64_t timeout_ms)
{
  curl::ensure_global_init();
  curl::Easy handle(curl_easy_init());
  if (!handle) {
    return fail("http.post", "cannot create a libcurl handle");
  }
  CURL* h = handle.get();
  char error_text[CURL_ERROR_SIZE] = {0};
  curl::Slist headers(curl_slist_append(nullptr, "Content-Type: application/json"));
  HttpResponse response;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, json_body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body.size()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "inboxprobe/0.1");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    // The error buffer may quote the URL; only the redacted form is shown.
    return fail("http.post", "POST to " + redact_url(url) + " failed: " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

} // namespace inboxprobe
