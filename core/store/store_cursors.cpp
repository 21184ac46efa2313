// What is kept across runs for the receiver: folder cursors (where a mailbox's next
// collection resumes, RFC 3501 §2.3.1.1) and the verdicts replaced results had.
#include "store.hpp"
#include "store_impl.hpp"

namespace inboxprobe {

using sqlite::in_transaction;

Result<std::vector<EarlierResult>>
Store::load_earlier_results(const std::string& run_id)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT h.probe_id, h.placement, h.folder, h.replaced_at_ms "
                                  "FROM result_history h JOIN probes p ON p.id = h.probe_id "
                                  "WHERE p.run_id = ? ORDER BY h.id"));
  stmt.bind(1, run_id);
  std::vector<EarlierResult> out;
  while (TRY(stmt.step())) {
    EarlierResult r;
    r.probe_id = stmt.column_int(0);
    r.placement = parse_placement(stmt.column_text(1)).value_or(Placement::pending);
    r.folder = stmt.column_text(2);
    r.replaced_at_ms = stmt.column_int(3);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<MailboxCursor>>
Store::load_cursors(const std::string& imap_url, const std::string& user)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT folder, uidvalidity, next_uid FROM folder_cursors "
                                  "WHERE imap_url = ? AND user = ? ORDER BY folder"));
  stmt.bind(1, imap_url).bind(2, user);
  std::vector<MailboxCursor> out;
  while (TRY(stmt.step())) {
    out.push_back({stmt.column_text(0),
                   static_cast<std::uint32_t>(stmt.column_int(1)),
                   static_cast<std::uint32_t>(stmt.column_int(2))});
  }
  return out;
}

Result<void>
Store::save_cursors(const std::string& imap_url,
                    const std::string& user,
                    const std::vector<MailboxCursor>& cursors,
                    std::int64_t now_ms)
{
  sqlite3* db = m_impl->db.get();
  return in_transaction(db, [&]() -> Result<void> {
    auto stmt = TRY(sqlite::prepare(db,
                                    "INSERT OR REPLACE INTO folder_cursors (imap_url, user, "
                                    "folder, uidvalidity, next_uid, updated_at_ms) "
                                    "VALUES (?, ?, ?, ?, ?, ?)"));
    for (const MailboxCursor& c : cursors) {
      stmt.reset();
      stmt.bind(1, imap_url)
        .bind(2, user)
        .bind(3, c.folder)
        .bind(4, std::int64_t{c.uidvalidity})
        .bind(5, std::int64_t{c.next_uid})
        .bind(6, now_ms);
      TRY(stmt.run());
    }
    return {};
  });
}

} // namespace inboxprobe
