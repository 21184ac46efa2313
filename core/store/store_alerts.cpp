// The store's monitoring alert state: the active alerts of one evaluation
// scope, read before an evaluation and replaced after it (alert_rows.hpp).
#include "sqlite.hpp"
#include "store.hpp"
#include "store_impl.hpp"

namespace inboxprobe {

Result<std::vector<AlertStateRow>>
Store::load_alert_states(const std::string& scope)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT scope, route, code, level, message, since_at_ms, "
                                  "last_seen_at_ms FROM alert_states WHERE scope = ? "
                                  "ORDER BY route, code"));
  stmt.bind(1, scope);
  std::vector<AlertStateRow> rows;
  while (TRY(stmt.step())) {
    rows.push_back({stmt.column_text(0),
                    stmt.column_text(1),
                    stmt.column_text(2),
                    stmt.column_text(3),
                    stmt.column_text(4),
                    stmt.column_int(5),
                    stmt.column_int(6)});
  }
  return rows;
}

Result<void>
Store::replace_alert_states(const std::string& scope, const std::vector<AlertStateRow>& rows)
{
  for (const AlertStateRow& row : rows) {
    if (row.scope != scope) {
      throw Bug("replace_alert_states: row of scope " + row.scope + " given for " + scope);
    }
  }
  sqlite3* db = m_impl->db.get();
  return sqlite::in_transaction(db, [&]() -> Result<void> {
    auto clear = TRY(sqlite::prepare(db, "DELETE FROM alert_states WHERE scope = ?"));
    clear.bind(1, scope);
    TRY(clear.run());
    auto insert = TRY(sqlite::prepare(db,
                                      "INSERT INTO alert_states (scope, route, code, level, "
                                      "message, since_at_ms, last_seen_at_ms) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const AlertStateRow& row : rows) {
      insert.reset();
      insert.bind(1, row.scope)
        .bind(2, row.route)
        .bind(3, row.code)
        .bind(4, row.level)
        .bind(5, row.message)
        .bind(6, row.since_at_ms)
        .bind(7, row.last_seen_at_ms);
      TRY(insert.run());
    }
    return {};
  });
}

} // namespace inboxprobe
