// The store's history queries (placement and latency of many runs from indexed
// columns, per-run placement counts) and retention (deleting old runs,
// emptying old raw bytes).
#include "sqlite.hpp"
#include "store.hpp"
#include "store_impl.hpp"

namespace inboxprobe {

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;

// A placement token read from the results table; a token this build does not
// know (written by a newer inboxprobe) is an error, not a silent "pending".
Result<std::optional<Placement>>
placement_column(const sqlite::Statement& stmt, int index)
{
  if (stmt.column_is_null(index)) {
    return std::optional<Placement>();
  }
  const std::string token = stmt.column_text(index);
  const auto placement = parse_placement(token);
  if (!placement) {
    return fail("store.corrupt", "unknown placement \"" + token + "\" in the history");
  }
  return std::optional<Placement>(*placement);
}

// The runs started before `cutoff_ms` (and, with `only_raw_kept`, whose raw
// bytes are still there) into the temporary table doomed(id).
Result<int>
select_doomed(sqlite3* db, std::int64_t cutoff_ms, bool only_raw_kept)
{
  TRY(sqlite::exec(db, "CREATE TEMP TABLE IF NOT EXISTS doomed (id TEXT PRIMARY KEY)"));
  TRY(sqlite::exec(db, "DELETE FROM doomed"));
  auto insert =
    TRY(sqlite::prepare(db,
                        "INSERT INTO doomed SELECT id FROM runs WHERE started_at_ms < ? "
                        "AND (? = 0 OR raw_pruned_at_ms = 0)"));
  insert.bind(1, cutoff_ms).bind(2, std::int64_t{only_raw_kept ? 1 : 0});
  TRY(insert.run());
  return sqlite3_changes(db);
}

Result<void>
delete_doomed_runs(sqlite3* db)
{
  // Children first: the foreign keys have no ON DELETE CASCADE.
  return sqlite::exec(db,
                      "DELETE FROM result_history WHERE probe_id IN (SELECT p.id FROM probes p "
                      "JOIN doomed d ON d.id = p.run_id);"
                      "DELETE FROM results WHERE probe_id IN (SELECT p.id FROM probes p "
                      "JOIN doomed d ON d.id = p.run_id);"
                      "DELETE FROM sightings WHERE probe_id IN (SELECT p.id FROM probes p "
                      "JOIN doomed d ON d.id = p.run_id);"
                      "DELETE FROM submissions WHERE probe_id IN (SELECT p.id FROM probes p "
                      "JOIN doomed d ON d.id = p.run_id);"
                      "DELETE FROM probes WHERE run_id IN (SELECT id FROM doomed);"
                      "DELETE FROM runs WHERE id IN (SELECT id FROM doomed);");
}

Result<void>
empty_doomed_raw_bytes(sqlite3* db, std::int64_t now_ms)
{
  TRY(sqlite::exec(db,
                   "UPDATE submissions SET message_bytes = x'', transcript = '' WHERE probe_id IN "
                   "(SELECT p.id FROM probes p JOIN doomed d ON d.id = p.run_id);"
                   "UPDATE sightings SET message_bytes = x'' WHERE probe_id IN "
                   "(SELECT p.id FROM probes p JOIN doomed d ON d.id = p.run_id);"));
  auto mark = TRY(sqlite::prepare(
    db, "UPDATE runs SET raw_pruned_at_ms = ? WHERE id IN (SELECT id FROM doomed)"));
  mark.bind(1, now_ms);
  return mark.run();
}

} // namespace

Result<std::vector<ProbeOutcome>>
Store::load_outcomes(const std::vector<std::string>& run_ids)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT p.route, p.seed, r.placement, r.latency_ms FROM probes p "
                                  "LEFT JOIN results r ON r.probe_id = p.id WHERE p.run_id = ? "
                                  "ORDER BY p.id"));
  std::vector<ProbeOutcome> out;
  for (const std::string& run_id : run_ids) {
    stmt.reset();
    stmt.bind(1, run_id);
    while (TRY(stmt.step())) {
      ProbeOutcome outcome;
      outcome.run_id = run_id;
      outcome.route = stmt.column_text(0);
      outcome.seed = stmt.column_text(1);
      outcome.placement = TRY(placement_column(stmt, 2));
      if (!stmt.column_is_null(3)) {
        outcome.latency_ms = stmt.column_int(3);
      }
      out.push_back(std::move(outcome));
    }
  }
  return out;
}

Result<std::vector<Run>>
Store::list_campaign_runs(const std::string& campaign,
                          std::int64_t since_ms,
                          std::int64_t before_ms,
                          int limit)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  std::string("SELECT ") + store_detail::k_run_columns
                                    + " FROM runs WHERE campaign = ? AND started_at_ms >= ? AND "
                                      "started_at_ms < ? ORDER BY started_at_ms DESC, id DESC "
                                      "LIMIT ?"));
  stmt.bind(1, campaign).bind(2, since_ms).bind(3, before_ms).bind(4, std::int64_t{limit});
  std::vector<Run> runs;
  while (TRY(stmt.step())) {
    runs.push_back(TRY(store_detail::run_from_row(stmt)));
  }
  return runs;
}

Result<std::map<std::string, std::map<Placement, int>>>
Store::count_placements()
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT p.run_id, r.placement, COUNT(*) FROM probes p "
                                  "LEFT JOIN results r ON r.probe_id = p.id "
                                  "GROUP BY p.run_id, r.placement"));
  std::map<std::string, std::map<Placement, int>> out;
  while (TRY(stmt.step())) {
    const auto placement = TRY(placement_column(stmt, 1));
    out[stmt.column_text(0)][placement.value_or(Placement::pending)] +=
      static_cast<int>(stmt.column_int(2));
  }
  return out;
}

Result<std::int64_t>
Store::raw_pruned_at_ms(const std::string& run_id)
{
  auto stmt =
    TRY(sqlite::prepare(m_impl->db.get(), "SELECT raw_pruned_at_ms FROM runs WHERE id = ?"));
  stmt.bind(1, run_id);
  if (!TRY(stmt.step())) {
    return fail("store.no_such_run", "no run with id " + run_id + " in the history");
  }
  return stmt.column_int(0);
}

Result<PruneCounts>
Store::prune(std::int64_t now_ms, const RetentionPolicy& policy)
{
  sqlite3* db = m_impl->db.get();
  PruneCounts counts;
  TRY(sqlite::in_transaction(db, [&]() -> Result<void> {
    if (policy.keep_days > 0) {
      counts.runs_deleted = TRY(select_doomed(db, now_ms - policy.keep_days * k_day_ms, false));
      TRY(delete_doomed_runs(db));
    }
    if (policy.keep_raw_days > 0) {
      counts.runs_raw_pruned =
        TRY(select_doomed(db, now_ms - policy.keep_raw_days * k_day_ms, true));
      TRY(empty_doomed_raw_bytes(db, now_ms));
    }
    return {};
  }));
  return counts;
}

} // namespace inboxprobe
