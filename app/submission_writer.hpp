// The send pass's one writer to the history: workers hand over each finished
// Submission and go on with the next probe; a thread of its own saves what has
// arrived, in one transaction per batch (whatever finished while the previous
// commit ran, or within a 5 ms group-commit window), so saving never holds up
// an SMTP connection and every record is in the history within milliseconds of
// its end.
//
// Before a probe's final "." goes out, its provisional record ("uncertain:
// interrupted while submitting") must be in the history, so that a run killed
// between the server's acceptance and the final record is never sent twice on
// resume: at that commit point the worker calls save_before_sending(), which
// cuts the group-commit window short, and waits on the ticket (one commit's
// time, shared by every worker at the same point).
#pragma once

#include <core/error.hpp>
#include <core/store/store.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace inboxprobe {

class SubmissionWriter;

// A record queued with SubmissionWriter::save_before_sending().
class SaveTicket
{
public:
  // Block until the record was written (or its batch failed); true when it is
  // in the history.
  bool wait() const;

private:
  friend class SubmissionWriter;
  struct State
  {
    bool done = false;
    bool saved = false;
  };
  SaveTicket(SubmissionWriter& writer, std::shared_ptr<State> state);
  SubmissionWriter* m_writer;
  std::shared_ptr<State> m_state;
};

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

  // Queue `submission` (transcript not kept) to be saved without waiting for
  // the group-commit window; returns at once with a ticket to wait on.
  SaveTicket save_before_sending(Submission submission);

  // True once a save has failed (the send pass stops submitting then).
  bool failed() const;

  // Wait until everything queued so far is saved; the first store error, if any.
  std::optional<Error> finish();

private:
  friend class SaveTicket;
  struct Entry
  {
    SubmissionRecord record;
    std::shared_ptr<SaveTicket::State> ticket; // null for save()
  };

  void run();
  void push(Entry entry);

  Store& m_store;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle; // a batch was written
  std::vector<Entry> m_queue;
  std::size_t m_urgent = 0; // entries in m_queue with a ticket
  bool m_writing = false;
  bool m_stop = false;
  std::optional<Error> m_error;
  std::thread m_thread; // last: started once everything above exists
};

} // namespace inboxprobe
