// The send pass's one writer to the history: workers hand over each finished
// Submission and go on with the next probe; a thread of its own saves what has
// arrived, in one transaction per batch (whatever finished while the previous
// commit ran, or within a 5 ms group-commit window), so saving never holds up
// an SMTP connection and every record is in the history within milliseconds of
// its end.
#pragma once

#include <core/error.hpp>
#include <core/store/store.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace inboxprobe {

class SubmissionWriter
{
public:
  explicit SubmissionWriter(Store& store);
  // Saves what is still queued, then stops the thread.
  ~SubmissionWriter();
  SubmissionWriter(const SubmissionWriter&) = delete;
  SubmissionWriter& operator=(const SubmissionWriter&) = delete;

  // Queue `submission` for saving (thread-safe, returns at once).
  void save(Submission submission, bool keep_transcript);

  // Wait until everything queued so far is saved; the first store error, if any.
  std::optional<Error> finish();

private:
  void run();

  Store& m_store;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  std::vector<SubmissionRecord> m_queue;
  bool m_writing = false;
  bool m_stop = false;
  std::optional<Error> m_error;
  std::thread m_thread; // last: started once everything above exists
};

} // namespace inboxprobe
