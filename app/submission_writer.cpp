// A condition-variable queue drained by one thread into Store::save_submissions,
// with a short group-commit window.
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
SubmissionWriter::save(Submission submission, bool keep_transcript)
{
  bool wake = false;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_queue.push_back({std::move(submission), keep_transcript});
    // The writer waits for the first one, then for a full batch or the window.
    wake = m_queue.size() == 1 || m_queue.size() == k_full_batch;
  }
  if (wake) {
    m_wake.notify_one();
  }
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
    m_wake.wait_for(
      lock, k_commit_window, [this] { return m_stop || m_queue.size() >= k_full_batch; });
    std::vector<SubmissionRecord> batch;
    batch.swap(m_queue);
    m_writing = true;
    lock.unlock();
    auto saved = m_store.save_submissions(batch);
    lock.lock();
    m_writing = false;
    if (!saved && !m_error) {
      m_error = saved.error();
    }
    m_idle.notify_all();
  }
}

} // namespace inboxprobe
