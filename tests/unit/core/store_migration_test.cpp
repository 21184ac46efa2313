// Migrations from every earlier schema version: a database is brought to each
// version v (0 .. current) with the migration steps themselves, filled with
// representative rows for whatever tables and columns version v has (found by
// introspection, so a step appended later is covered without editing this
// test), then opened by Store, which migrates it to the current version.
// The result must hold the same rows and have exactly the schema of a fresh
// database.
#include "tests/support/temp_dir.hpp"

#include <core/record_json.hpp>
#include <core/store/schema.hpp>
#include <core/store/store.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

using Db = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Db
open_raw(const std::string& path)
{
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  return Db(raw, &sqlite3_close);
}

// Rows of `sql` as text cells (NULL as "<null>").
std::vector<std::vector<std::string>>
query(sqlite3* db, const std::string& sql)
{
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      row.push_back(text ? reinterpret_cast<const char*>(text) : "<null>");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(stmt);
  return rows;
}

void
exec(sqlite3* db, const std::string& sql)
{
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  INFO(sql << ": " << (message ? message : ""));
  sqlite3_free(message);
  REQUIRE(rc == SQLITE_OK);
}

std::string
quote(const std::string& text)
{
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

// A stored analysis result for probe `k`, as the store writes it.
std::string
detail_json(int k)
{
  ProbeResult result;
  result.probe_id = k;
  result.placement = k == 1 ? Placement::inbox : Placement::spam;
  result.folder = k == 1 ? "INBOX" : "Junk";
  result.latency_ms = 1000 * k;
  result.findings.push_back({"dkim.fail", Severity::error, "DKIM failed", "bh"});
  return nlohmann::json(result).dump();
}

// Representative values (SQL literals) of the known columns, for row `k` (1
// or 2). A column added by a later step that is not listed gets a value by
// its declared type; list it here when it needs a meaningful one.
const std::map<std::string, std::function<std::string(int)>> k_column_values = {
  {"runs.id", [](int k) { return quote("run-" + std::to_string(k)); }},
  {"runs.campaign", [](int) { return quote("nightly"); }},
  {"runs.state", [](int) { return quote("done"); }},
  {"runs.started_at_ms", [](int k) { return std::to_string(1'700'000'000'000 + k * 86'400'000); }},
  {"runs.raw_pruned_at_ms", [](int) { return std::string("0"); }},
  {"runs.routes_json", [](int) { return quote(R"(["relay-a","relay-b"])"); }},
  {"runs.seeds_json", [](int) { return quote(R"([{"address":"s@x.example","provider":"lab"}])"); }},
  {"probes.run_id", [](int k) { return quote("run-" + std::to_string(k)); }},
  {"probes.token", [](int k) { return quote("token" + std::to_string(k)); }},
  {"probes.route", [](int k) { return quote(k == 1 ? "relay-a" : "relay-b"); }},
  {"probes.seed", [](int) { return quote("s@x.example"); }},
  {"submissions.outcome", [](int) { return quote("accepted"); }},
  {"submissions.step", [](int) { return quote("end-of-data"); }},
  {"submissions.message_bytes", [](int k) { return "x'0d0a00" + std::to_string(10 + k) + "'"; }},
  {"submissions.findings_json", [](int) { return quote("[]"); }},
  {"sightings.role", [](int k) { return quote(k == 1 ? "inbox" : "junk"); }},
  {"sightings.folder", [](int k) { return quote(k == 1 ? "INBOX" : "Junk"); }},
  {"sightings.message_bytes", [](int) { return std::string("x'5375626a6563743a20780d0a'"); }},
  {"results.placement", [](int k) { return quote(k == 1 ? "inbox" : "spam"); }},
  {"results.latency_ms", [](int k) { return std::to_string(1000 * k); }},
  {"results.detail_json", [](int k) { return quote(detail_json(k)); }},
};

struct Column
{
  std::string name;
  std::string type;
  bool primary_key = false;
};

std::string
value_for(sqlite3* db, const std::string& table, const Column& column, int k)
{
  const auto known = k_column_values.find(table + "." + column.name);
  if (known != k_column_values.end()) {
    return known->second(k);
  }
  // A foreign key points at row k of the parent (every parent has rows 1, 2).
  for (const auto& fk : query(db, "PRAGMA foreign_key_list(" + table + ")")) {
    if (fk[3] == column.name) {
      const auto parent = k_column_values.find(fk[2] + "." + fk[4]);
      return parent != k_column_values.end() ? parent->second(k) : std::to_string(k);
    }
  }
  if (column.type.find("INT") != std::string::npos || column.primary_key) {
    return std::to_string(k);
  }
  if (column.type == "BLOB") {
    return "x'00ff'";
  }
  return quote("");
}

// The tables of the schema, parents before children (foreign keys).
std::vector<std::string>
tables_in_dependency_order(sqlite3* db)
{
  std::vector<std::string> pending;
  for (const auto& row : query(db,
                               "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                               "NOT LIKE 'sqlite_%' ORDER BY name")) {
    pending.push_back(row[0]);
  }
  std::vector<std::string> ordered;
  std::set<std::string> placed;
  while (!pending.empty()) {
    const std::size_t before = pending.size();
    for (auto it = pending.begin(); it != pending.end();) {
      bool ready = true;
      for (const auto& fk : query(db, "PRAGMA foreign_key_list(" + *it + ")")) {
        ready = ready && (placed.count(fk[2]) == 1 || fk[2] == *it);
      }
      if (ready) {
        ordered.push_back(*it);
        placed.insert(*it);
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    REQUIRE(pending.size() < before); // no cycle
  }
  return ordered;
}

// Rows 1 and 2 in every table that version `db` has.
void
fill_representative_rows(sqlite3* db)
{
  for (const std::string& table : tables_in_dependency_order(db)) {
    std::vector<Column> columns;
    for (const auto& info : query(db, "PRAGMA table_info(" + table + ")")) {
      columns.push_back({info[1], info[2], info[5] != "0"});
    }
    for (int k = 1; k <= 2; ++k) {
      std::string names;
      std::string values;
      for (const Column& column : columns) {
        names += (names.empty() ? "" : ", ") + column.name;
        values += (values.empty() ? "" : ", ") + value_for(db, table, column, k);
      }
      exec(db, "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ")");
    }
  }
}

// Tables with their columns and indices with their columns, as text.
std::vector<std::string>
schema_shape(sqlite3* db)
{
  std::vector<std::string> shape;
  for (const auto& object :
       query(db,
             "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
             "ORDER BY type, name")) {
    std::string line = object[0] + " " + object[1] + " on " + object[2] + ":";
    const std::string pragma = object[0] == "table" ? "table_info" : "index_info";
    for (const auto& column : query(db, "PRAGMA " + pragma + "(" + object[1] + ")")) {
      for (const std::string& cell : column) {
        line += " " + cell;
      }
      line += ";";
    }
    shape.push_back(line);
  }
  return shape;
}

std::vector<std::string>
fresh_schema_shape(const std::string& path)
{
  REQUIRE(Store::open(path));
  Db db = open_raw(path);
  return schema_shape(db.get());
}

} // namespace

TEST_CASE("every schema version migrates to the current one with its rows intact",
          "[core][store][unit]")
{
  test::TempDir dir;
  const std::vector<std::string> fresh = fresh_schema_shape((dir.path() / "fresh.db").string());
  for (int version = 0; version <= schema::k_current_version; ++version) {
    CAPTURE(version);
    const std::string path = (dir.path() / ("v" + std::to_string(version) + ".db")).string();
    {
      Db db = open_raw(path);
      REQUIRE(schema::migrate_to(db.get(), version));
      REQUIRE(query(db.get(), "PRAGMA user_version")[0][0] == std::to_string(version));
      if (version > 0) {
        fill_representative_rows(db.get());
      }
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->schema_version() == schema::k_current_version);
    {
      Db db = open_raw(path);
      CHECK(schema_shape(db.get()) == fresh);
      CHECK(query(db.get(), "PRAGMA foreign_key_check").empty());
    }
    const auto runs = store->list_runs();
    REQUIRE(runs);
    if (version == 0) {
      CHECK(runs->empty());
      continue;
    }
    REQUIRE(runs->size() == 2);
    CHECK((*runs)[0].id == "run-2"); // newest first
    CHECK((*runs)[1].routes == std::vector<std::string>{"relay-a", "relay-b"});
    CHECK((*runs)[1].seeds.at(0).provider == "lab");
    const auto probes = store->load_probes("run-1");
    REQUIRE(probes);
    REQUIRE(probes->size() == 1);
    CHECK((*probes)[0].token == "token1");
    const auto submissions = store->load_submissions("run-1");
    REQUIRE(submissions);
    REQUIRE(submissions->size() == 1);
    CHECK((*submissions)[0].message_bytes == std::string("\r\n\0\x11", 4));
    const auto sightings = store->load_sightings("run-2");
    REQUIRE(sightings);
    REQUIRE(sightings->size() == 1);
    CHECK((*sightings)[0].role == FolderRole::junk);
    CHECK((*sightings)[0].message_bytes == "Subject: x\r\n");
    const auto results = store->load_results("run-2");
    REQUIRE(results);
    REQUIRE(results->size() == 1);
    CHECK((*results)[0].placement == Placement::spam);
    CHECK((*results)[0].latency_ms == 2000);
    CHECK((*results)[0].findings.at(0).code == "dkim.fail");
    const auto outcomes = store->load_outcomes({"run-1", "run-2"});
    REQUIRE(outcomes);
    REQUIRE(outcomes->size() == 2);
    CHECK((*outcomes)[1].placement == Placement::spam);
    CHECK(store->raw_pruned_at_ms("run-1") == 0);
  }
}

TEST_CASE("a migration step that fails leaves the database at the previous version",
          "[core][store][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "h.db").string();
  {
    Db db = open_raw(path);
    REQUIRE(schema::migrate_to(db.get(), 1));
    // A table the next step is about to create as an index name clashes.
    exec(db.get(), "CREATE TABLE probes_run_route_seed (x)");
  }
  const auto store = Store::open(path);
  REQUIRE_FALSE(store);
  CHECK(store.error().code == "store.sqlite");
  Db db = open_raw(path);
  CHECK(query(db.get(), "PRAGMA user_version")[0][0] == "1");
  CHECK(query(db.get(), "SELECT name FROM sqlite_master WHERE name = 'probes_run'").size() == 1);
}

TEST_CASE("the history is kept in WAL mode with the report queries indexed", "[core][store][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "h.db").string();
  REQUIRE(Store::open(path));
  Db db = open_raw(path);
  CHECK(query(db.get(), "PRAGMA journal_mode")[0][0] == "wal");
  struct Case
  {
    std::string sql;
    std::string index;
  };
  const std::vector<Case> cases = {
    {"SELECT p.route, r.placement FROM probes p LEFT JOIN results r ON r.probe_id = p.id "
     "WHERE p.run_id = 'x'",
     "probes_run_route_seed"},
    {"SELECT id FROM runs WHERE campaign = 'c' AND started_at_ms > 5", "runs_campaign_started"},
    {"SELECT id FROM runs WHERE started_at_ms < 5", "runs_started"},
    {"SELECT * FROM sightings WHERE probe_id = 3", "sightings_probe"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sql);
    std::string plan;
    for (const auto& row : query(db.get(), "EXPLAIN QUERY PLAN " + c.sql)) {
      plan += row.back() + "\n";
    }
    CAPTURE(plan);
    CHECK(plan.find(c.index) != std::string::npos);
  }
}
