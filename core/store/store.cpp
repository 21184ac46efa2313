// The SQLite history store: connection settings, record rows, transactions.
#include "store.hpp"

#include "schema.hpp"
#include "sqlite.hpp"
#include "store_impl.hpp"

#include <core/record_json.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace inboxprobe {

namespace {

using nlohmann::json;
using sqlite::in_transaction;

} // namespace

namespace store_detail {

Result<Run>
run_from_row(const sqlite::Statement& row)
{
  Run run;
  run.id = row.column_text(0);
  run.campaign = row.column_text(1);
  run.state = row.column_text(2);
  run.started_at_ms = row.column_int(3);
  run.deadline_at_ms = row.column_int(4);
  run.finished_at_ms = row.column_int(5);
  try {
    run.routes = json::parse(row.column_text(6)).get<std::vector<std::string>>();
    for (const json& seed : json::parse(row.column_text(7))) {
      run.seeds.push_back(
        {seed.at("address").get<std::string>(), seed.at("provider").get<std::string>()});
    }
  } catch (const json::exception& e) {
    return fail("store.corrupt", "run " + run.id + ": " + e.what());
  }
  return run;
}

const char* const k_run_columns =
  "id, campaign, state, started_at_ms, deadline_at_ms, finished_at_ms, "
  "routes_json, "
  "seeds_json";

} // namespace store_detail

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
namespace {

// INSERT `run` (no transaction of its own).
Result<void>
insert_run(sqlite3* db, const Run& run)
{
  json seeds = json::array();
  for (const RunSeed& seed : run.seeds) {
    seeds.push_back({{"address", seed.address}, {"provider", seed.provider}});
  }
  auto stmt = TRY(sqlite::prepare(db,
                                  "INSERT INTO runs (id, campaign, state, started_at_ms, "
                                  "deadline_at_ms, finished_at_ms, routes_json, seeds_json) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.bind(1, run.id)
    .bind(2, run.campaign)
    .bind(3, run.state)
    .bind(4, run.started_at_ms)
    .bind(5, run.deadline_at_ms)
    .bind(6, run.finished_at_ms)
    .bind(7, json(run.routes).dump())
    .bind(8, seeds.dump());
  return stmt.run();
}

// INSERT `probes` and set each Probe::id (no transaction of its own).
Result<void>
insert_probes(sqlite3* db, std::vector<Probe>& probes)
{
  auto stmt = TRY(sqlite::prepare(db,
                                  "INSERT INTO probes (run_id, token, route, "
                                  "seed, content) VALUES (?, ?, ?, ?, ?)"));
  for (Probe& probe : probes) {
    stmt.reset();
    stmt.bind(1, probe.run_id)
      .bind(2, probe.token)
      .bind(3, probe.route)
      .bind(4, probe.seed)
      .bind(5, probe.content);
    TRY(stmt.run());
    probe.id = sqlite3_last_insert_rowid(db);
  }
  return {};
}

} // namespace

Store::~Store() = default;

Result<Store>
Store::open(const std::string& path)
{
  // SQLite writes the -wal and -shm files next to the database: in a directory
  // it cannot write, it fails later with a misleading "unable to open database
  // file (No such file or directory)".
  if (path != ":memory:" && !path.empty()) {
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    const std::string where = dir.empty() ? std::string(".") : dir.string();
    if (::access(where.c_str(), W_OK) != 0) {
      return fail(
        errno == EROFS || errno == EACCES || errno == EPERM ? "store.read_only" : "store.open",
        "history database " + path + ": cannot write its directory " + where + " ("
          + std::strerror(errno) + "): the database and its -wal and -shm files must be writable");
    }
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(),
                                 &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  sqlite::DbHandle db(raw);
  if (rc != SQLITE_OK) {
    return fail("store.open",
                "cannot open history database " + path + ": "
                  + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  // Another inboxprobe (a cron run overlapping a manual one) may hold the write
  // lock.
  sqlite3_busy_timeout(db.get(), 10'000);
  // WAL lets a report read while a run writes; NORMAL sync is durable across a
  // process crash (the case we must survive) and much faster than FULL.
  TRY(sqlite::exec(db.get(), "PRAGMA journal_mode = WAL"));
  TRY(sqlite::exec(db.get(), "PRAGMA synchronous = NORMAL"));
  TRY(sqlite::exec(db.get(), "PRAGMA foreign_keys = ON"));
  TRY(schema::migrate(db.get()));
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  return Store(std::move(impl));
}

int
Store::schema_version() const
{
  auto stmt = sqlite::prepare(m_impl->db.get(), "PRAGMA user_version");
  if (!stmt || !stmt->step()) {
    return -1;
  }
  return static_cast<int>(stmt->column_int(0));
}

Result<void>
Store::create_run(const Run& run)
{
  return insert_run(m_impl->db.get(), run);
}

Result<void>
Store::create_run_with_probes(const Run& run, std::vector<Probe>& probes)
{
  sqlite3* db = m_impl->db.get();
  return in_transaction(db, [&]() -> Result<void> {
    TRY(insert_run(db, run));
    return insert_probes(db, probes);
  });
}

Result<void>
Store::set_run_state(const std::string& run_id,
                     const std::string& state,
                     std::int64_t finished_at_ms)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "UPDATE runs SET state = ?, finished_at_ms = "
                                  "CASE WHEN ? > 0 THEN ? ELSE finished_at_ms "
                                  "END WHERE id = ?"));
  stmt.bind(1, state).bind(2, finished_at_ms).bind(3, finished_at_ms).bind(4, run_id);
  return stmt.run();
}

Result<void>
Store::set_run_deadline(const std::string& run_id, std::int64_t deadline_at_ms)
{
  auto stmt =
    TRY(sqlite::prepare(m_impl->db.get(), "UPDATE runs SET deadline_at_ms = ? WHERE id = ?"));
  stmt.bind(1, deadline_at_ms).bind(2, run_id);
  return stmt.run();
}

Result<Run>
Store::load_run(const std::string& run_id)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  std::string("SELECT ") + store_detail::k_run_columns
                                    + " FROM runs WHERE id = ?"));
  stmt.bind(1, run_id);
  if (!TRY(stmt.step())) {
    return fail("store.no_such_run", "no run with id " + run_id + " in the history");
  }
  return store_detail::run_from_row(stmt);
}

Result<std::vector<Run>>
Store::list_runs()
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  std::string("SELECT ") + store_detail::k_run_columns
                                    + " FROM runs ORDER BY started_at_ms DESC, id DESC"));
  std::vector<Run> runs;
  while (TRY(stmt.step())) {
    runs.push_back(TRY(store_detail::run_from_row(stmt)));
  }
  return runs;
}

Result<void>
Store::save_probes(std::vector<Probe>& probes)
{
  sqlite3* db = m_impl->db.get();
  return in_transaction(db, [&]() -> Result<void> { return insert_probes(db, probes); });
}

Result<std::vector<Probe>>
Store::load_probes(const std::string& run_id)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT id, run_id, token, route, seed, content FROM "
                                  "probes WHERE run_id = ? ORDER BY id"));
  stmt.bind(1, run_id);
  std::vector<Probe> probes;
  while (TRY(stmt.step())) {
    probes.push_back({stmt.column_int(0),
                      stmt.column_text(1),
                      stmt.column_text(2),
                      stmt.column_text(3),
                      stmt.column_text(4),
                      stmt.column_text(5)});
  }
  return probes;
}

Result<void>
Store::save_sighting(const Sighting& s)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "INSERT OR IGNORE INTO sightings (probe_id, folder, role, "
                                  "uid, uidvalidity, internaldate_at, found_at_ms, matched_by, "
                                  "message_bytes, gmail_tab, gmail_msgid) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.bind(1, s.probe_id)
    .bind(2, s.folder)
    .bind(3, to_string(s.role))
    .bind(4, std::int64_t{s.uid})
    .bind(5, std::int64_t{s.uidvalidity})
    .bind(6, s.internaldate_at)
    .bind(7, s.found_at_ms)
    .bind(8, s.matched_by)
    .bind_blob(9, s.message_bytes)
    .bind(10, s.gmail_tab)
    // SQLite integers are signed 64-bit: the unsigned id is stored bit for bit.
    .bind(11, static_cast<std::int64_t>(s.gmail_msgid));
  return stmt.run();
}

Result<std::vector<Sighting>>
Store::load_sightings(const std::string& run_id)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT g.probe_id, g.folder, g.role, g.uid, g.uidvalidity, "
                                  "g.internaldate_at, "
                                  "g.found_at_ms, g.matched_by, g.message_bytes, g.gmail_tab, "
                                  "g.gmail_msgid FROM sightings g "
                                  "JOIN probes p ON p.id = g.probe_id WHERE p.run_id = ? ORDER BY "
                                  "g.found_at_ms, g.id"));
  stmt.bind(1, run_id);
  std::vector<Sighting> out;
  while (TRY(stmt.step())) {
    Sighting s;
    s.probe_id = stmt.column_int(0);
    s.folder = stmt.column_text(1);
    s.role = parse_folder_role(stmt.column_text(2)).value_or(FolderRole::other);
    s.uid = static_cast<std::uint32_t>(stmt.column_int(3));
    s.uidvalidity = static_cast<std::uint32_t>(stmt.column_int(4));
    s.internaldate_at = stmt.column_int(5);
    s.found_at_ms = stmt.column_int(6);
    s.matched_by = stmt.column_text(7);
    s.message_bytes = stmt.column_text(8);
    s.gmail_tab = stmt.column_text(9);
    s.gmail_msgid = static_cast<std::uint64_t>(stmt.column_int(10));
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

constexpr const char* k_save_result =
  "INSERT OR REPLACE INTO results (probe_id, placement, "
  "folder, latency_ms, detail_json) VALUES (?, ?, ?, ?, ?)";

// Keep the verdict a new result replaces when it says something else: a late or bounced
// probe keeps its first verdict (e.g. missing) in the history.
constexpr const char* k_keep_earlier_result =
  "INSERT INTO result_history (probe_id, placement, folder, detail_json, replaced_at_ms) "
  "SELECT probe_id, placement, folder, detail_json, "
  "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM results "
  "WHERE probe_id = ? AND placement <> ?";

Result<void>
bind_and_run_result(sqlite::Statement& keep, sqlite::Statement& stmt, const ProbeResult& result)
{
  keep.reset();
  keep.bind(1, result.probe_id).bind(2, to_string(result.placement));
  TRY(keep.run());
  stmt.reset();
  stmt.bind(1, result.probe_id).bind(2, to_string(result.placement)).bind(3, result.folder);
  if (result.latency_ms) {
    stmt.bind(4, *result.latency_ms);
  } else {
    stmt.bind_null(4);
  }
  // Mail data may hold invalid UTF-8: replaced rather than failing the save.
  stmt.bind(5, json(result).dump(-1, ' ', false, json::error_handler_t::replace));
  return stmt.run();
}

} // namespace

Result<void>
Store::save_result(const ProbeResult& result)
{
  return save_results({result});
}

Result<void>
Store::save_results(const std::vector<ProbeResult>& results)
{
  sqlite3* db = m_impl->db.get();
  return in_transaction(db, [&]() -> Result<void> {
    auto keep = TRY(sqlite::prepare(db, k_keep_earlier_result));
    auto stmt = TRY(sqlite::prepare(db, k_save_result));
    for (const ProbeResult& result : results) {
      TRY(bind_and_run_result(keep, stmt, result));
    }
    return {};
  });
}

Result<std::vector<ProbeResult>>
Store::load_results(const std::string& run_id)
{
  auto stmt = TRY(sqlite::prepare(m_impl->db.get(),
                                  "SELECT r.probe_id, r.detail_json FROM results r JOIN "
                                  "probes p ON p.id = r.probe_id "
                                  "WHERE p.run_id = ? ORDER BY r.probe_id"));
  stmt.bind(1, run_id);
  std::vector<ProbeResult> out;
  while (TRY(stmt.step())) {
    try {
      out.push_back(json::parse(stmt.column_text(1)).get<ProbeResult>());
    } catch (const json::exception& e) {
      return fail("store.corrupt",
                  "result of probe " + std::to_string(stmt.column_int(0)) + ": " + e.what());
    }
  }
  return out;
}

} // namespace inboxprobe
