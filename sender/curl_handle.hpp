// RAII owners for libcurl handles used by the sender, and the one-time global
// init.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace inboxprobe::curl {

struct EasyDeleter
{
  void
  operator()(CURL* handle) const
  {
    curl_easy_cleanup(handle);
  }
};
struct SlistDeleter
{
  void
  operator()(curl_slist* list) const
  {
    curl_slist_free_all(list);
  }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init once per process, before the first handle (thread-safe via
// call_once).
void ensure_global_init();

} // namespace inboxprobe::curl
