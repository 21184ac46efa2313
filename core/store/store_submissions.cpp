// Submission rows of the history store (schema versions 1 and 2): one cached
// INSERT statement, batches in one transaction, and loading with the version 2
// columns.
#include "store_impl.hpp"

#include <core/record_json.hpp>

namespace inboxprobe {

using nlohmann::json;
using sqlite::in_transaction;

namespace {

const char* const k_insert_submission =
  "INSERT OR REPLACE INTO submissions (probe_id, outcome, step, reply_code, enhanced_code, "
  "reply_text, error, message_id, queue_id, started_at_ms, accepted_at_ms, connect_ms, "
  "tls_ms, total_ms, tls_version, transcript, message_bytes, dns_ms, greeting_ms, "
  "end_of_data_ms, tls_cipher, attempts, reused_connection, findings_json) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

Result<void>
insert_submission(sqlite::Statement& stmt, const Submission& s, bool keep_transcript)
{
  stmt.reset();
  stmt.bind(1, s.probe_id)
    .bind(2, to_string(s.outcome))
    .bind(3, to_string(s.step))
    .bind(4, std::int64_t{s.reply.code})
    .bind(5, s.reply.enhanced_code)
    .bind(6, s.reply.text)
    .bind(7, s.error)
    .bind(8, s.message_id)
    .bind(9, s.queue_id)
    .bind(10, s.started_at_ms)
    .bind(11, s.accepted_at_ms)
    .bind(12, s.connect_ms)
    .bind(13, s.tls_ms)
    .bind(14, s.total_ms)
    .bind(15, s.tls_version)
    .bind(16, keep_transcript ? std::string_view(s.transcript) : std::string_view())
    .bind_blob(17, s.message_bytes)
    .bind(18, s.dns_ms)
    .bind(19, s.greeting_ms)
    .bind(20, s.end_of_data_ms)
    .bind(21, s.tls_cipher)
    .bind(22, std::int64_t{s.attempts})
    .bind(23, std::int64_t{s.reused_connection ? 1 : 0})
    // Evidence may quote what a server sent, which need not be UTF-8.
    .bind(24, json(s.findings).dump(-1, ' ', false, json::error_handler_t::replace));
  auto done = stmt.run();
  stmt.reset(); // release the bound copies now
  return done;
}

} // namespace

Result<void>
Store::save_submission(const Submission& s, bool keep_transcript)
{
  return save_submissions({{s, keep_transcript}});
}

Result<void>
Store::save_submissions(const std::vector<SubmissionRecord>& records)
{
  const std::lock_guard<std::mutex> lock(m_impl->save_submission_mutex);
  if (!m_impl->save_submission) {
    m_impl->save_submission = TRY(sqlite::prepare(m_impl->db.get(), k_insert_submission));
  }
  sqlite::Statement& stmt = *m_impl->save_submission;
  if (records.size() == 1) {
    return insert_submission(stmt, records[0].submission, records[0].keep_transcript);
  }
  return in_transaction(m_impl->db.get(), [&]() -> Result<void> {
    for (const SubmissionRecord& r : records) {
      TRY(insert_submission(stmt, r.submission, r.keep_transcript));
    }
    return {};
  });
}

namespace {

// The columns after the first 17 of a submissions row (schema version 2).
Result<void>
read_submission_v2(sqlite::Statement& stmt, Submission& s)
{
  s.dns_ms = stmt.column_int(17);
  s.greeting_ms = stmt.column_int(18);
  s.end_of_data_ms = stmt.column_int(19);
  s.tls_cipher = stmt.column_text(20);
  s.attempts = static_cast<int>(stmt.column_int(21));
  s.reused_connection = stmt.column_int(22) != 0;
  try {
    s.findings = json::parse(stmt.column_text(23)).get<std::vector<Finding>>();
  } catch (const json::exception& e) {
    return fail("store.corrupt",
                "submission of probe " + std::to_string(s.probe_id)
                  + " has unreadable findings: " + e.what());
  }
  return {};
}

} // namespace

Result<std::vector<Submission>>
Store::load_submissions(const std::string& run_id)
{
  auto stmt = TRY(sqlite::prepare(
    m_impl->db.get(),
    "SELECT s.probe_id, s.outcome, s.step, s.reply_code, s.enhanced_code, s.reply_text, "
    "s.error, s.message_id, s.queue_id, s.started_at_ms, s.accepted_at_ms, s.connect_ms, "
    "s.tls_ms, s.total_ms, s.tls_version, s.transcript, s.message_bytes, s.dns_ms, "
    "s.greeting_ms, s.end_of_data_ms, s.tls_cipher, s.attempts, s.reused_connection, "
    "s.findings_json "
    "FROM submissions s JOIN probes p ON p.id = s.probe_id WHERE p.run_id = ? "
    "ORDER BY s.probe_id"));
  stmt.bind(1, run_id);
  std::vector<Submission> out;
  while (TRY(stmt.step())) {
    Submission s;
    s.probe_id = stmt.column_int(0);
    const auto outcome = parse_submit_outcome(stmt.column_text(1));
    const auto step = parse_smtp_step(stmt.column_text(2));
    if (!outcome || !step) {
      return fail("store.corrupt",
                  "submission of probe " + std::to_string(s.probe_id)
                    + " has an unknown outcome or step");
    }
    s.outcome = *outcome;
    s.step = *step;
    s.reply.code = static_cast<int>(stmt.column_int(3));
    s.reply.enhanced_code = stmt.column_text(4);
    s.reply.text = stmt.column_text(5);
    s.error = stmt.column_text(6);
    s.message_id = stmt.column_text(7);
    s.queue_id = stmt.column_text(8);
    s.started_at_ms = stmt.column_int(9);
    s.accepted_at_ms = stmt.column_int(10);
    s.connect_ms = stmt.column_int(11);
    s.tls_ms = stmt.column_int(12);
    s.total_ms = stmt.column_int(13);
    s.tls_version = stmt.column_text(14);
    s.transcript = stmt.column_text(15);
    s.message_bytes = stmt.column_text(16);
    TRY(read_submission_v2(stmt, s));
    out.push_back(std::move(s));
  }
  return out;
}

} // namespace inboxprobe
