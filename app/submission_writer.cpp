// A condition-variable queue drained by one thread into Store::save_submissions,
// with a short group-commit window that an urgent record cuts short.
#include "submission_writer.hpp"

#include <chrono>

namespace inboxprobe {

namespace {

// Group commit: once a submission is waiting, wait this long for more before
// committing, unless a full batch is there already. A commit costs a handful
// of page writes and lock calls whatever it holds (bench/sender.sh: a third of
// the send pass's CPU when each probe had its own), and 5 ms is nothing next to
// an SMTP transaction to a real provider.
constexpr auto k_commit_window = std::chrono::milliseconds(5);
constexpr std::size_t k_full_batch = 64;

} // namespace

SaveTicket::SaveTicket(SubmissionWriter& writer, std::shared_ptr<State> state)
  : m_writer(&writer),
    m_state(std::move(state))
{
}

bool
SaveTicket::wait() const
{
  std::unique_lock<std::mutex> lock(m_writer->m_mutex);
  m_writer->m_idle.wait(lock, [this] { return m_state->done; });
  return m_state->saved;
}

SubmissionWriter::SubmissionWriter(Store& store) : m_store(store), m_thread([this] { run(); })
{
}

SubmissionWriter::~SubmissionWriter()
{
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  m_thread.join();
}

void
SubmissionWriter::push(Entry entry)
{
  bool wake = false;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    const bool urgent = entry.ticket != nullptr;
    m_queue.push_back(std::move(entry));
    m_urgent += urgent ? 1 : 0;
    // The writer waits for the first one, then for a full batch, an urgent one
    // or the window.
    wake = m_queue.size() == 1 || m_queue.size() == k_full_batch || urgent;
  }
  if (wake) {
    m_wake.notify_one();
  }
}

void
SubmissionWriter::save(Submission submission, bool keep_transcript)
{
  push({{std::move(submission), keep_transcript}, nullptr});
}

SaveTicket
SubmissionWriter::save_before_sending(Submission submission)
{
  auto state = std::make_shared<SaveTicket::State>();
  push({{std::move(submission), false}, state});
  return SaveTicket(*this, state);
}

bool
SubmissionWriter::failed() const
{
  const std::lock_guard<std::mutex> lock(m_mutex);
  return m_error.has_value();
}

std::optional<Error>
SubmissionWriter::finish()
{
  std::unique_lock<std::mutex> lock(m_mutex);
  m_idle.wait(lock, [this] { return m_queue.empty() && !m_writing; });
  return m_error;
}

void
SubmissionWriter::run()
{
  std::unique_lock<std::mutex> lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
    if (m_queue.empty()) {
      return; // stopping, nothing left
    }
    m_wake.wait_for(lock, k_commit_window, [this] {
      return m_stop || m_urgent > 0 || m_queue.size() >= k_full_batch;
    });
    std::vector<Entry> batch;
    batch.swap(m_queue);
    m_urgent = 0;
    m_writing = true;
    lock.unlock();
    std::vector<SubmissionRecord> records;
    records.reserve(batch.size());
    for (Entry& e : batch) {
      records.push_back(std::move(e.record));
    }
    auto saved = m_store.save_submissions(records);
    lock.lock();
    m_writing = false;
    if (!saved && !m_error) {
      m_error = saved.error();
    }
    for (const Entry& e : batch) {
      if (e.ticket) {
        e.ticket->done = true;
        e.ticket->saved = saved.has_value();
      }
    }
    m_idle.notify_all();
  }
}

} // namespace inboxprobe
