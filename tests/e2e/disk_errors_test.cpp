// Scenario: the history database and the reports on a disk that fills up or is
// read-only: a small tmpfs the test mounts (as root), filled with a filler file
// or remounted read-only. Each failure is a clear message naming the file or
// directory, a non-zero exit, and a database that still passes PRAGMA
// integrity_check; once there is room again, `inboxprobe resume` finishes the
// run without sending any probe twice.
#include "receiver_lab.hpp"
#include "scenario.hpp"

#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

using namespace inboxprobe;

namespace {

// A 512 KiB tmpfs mounted on a fresh directory for the test's life.
class SmallDisk
{
public:
  SmallDisk()
  {
    m_root = m_dir.path() / "disk";
    std::filesystem::create_directories(m_root);
    if (mount("tmpfs", m_root.c_str(), "tmpfs", 0, "size=512k,mode=0700") != 0) {
      FAIL("cannot mount a tmpfs on " << m_root << " (" << std::strerror(errno)
                                      << "): the disk scenarios run as root");
    }
  }
  ~SmallDisk()
  {
    umount2(m_root.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  const std::filesystem::path&
  root() const
  {
    return m_root;
  }

  // Fill the disk until `leave` bytes are free (none when 0).
  void
  fill(std::size_t leave)
  {
    struct statvfs st
    {
    };
    REQUIRE(statvfs(m_root.c_str(), &st) == 0);
    const std::size_t free_bytes = st.f_bavail * st.f_frsize;
    const std::size_t filler = free_bytes > leave ? free_bytes - leave : 0;
    std::ofstream out(m_root / "filler", std::ios::binary);
    const std::string block(4096, '\0');
    for (std::size_t written = 0; written < filler && out; written += block.size()) {
      out.write(block.data(),
                static_cast<std::streamsize>(std::min(block.size(), filler - written)));
    }
  }

  void
  empty()
  {
    std::filesystem::remove(m_root / "filler");
  }

  void
  read_only(bool on)
  {
    REQUIRE(mount(nullptr, m_root.c_str(), nullptr, MS_REMOUNT | (on ? MS_RDONLY : 0), nullptr)
            == 0);
  }

private:
  test::TempDir m_dir;
  std::filesystem::path m_root;
};

// A campaign of one route and two seeds whose history is `db` and reports `out`.
std::string
campaign_config(const test::Lab& lab, const std::string& db, const std::string& out)
{
  std::string config =
    "[campaign]\nname = \"e2e-disk\"\ndeadline = \"5s\"\npoll_interval = "
    "\"1s\"\ndb = \""
    + db + "\"\nout = \"" + out + "\"\ndns_resolver = \"127.0.0.1:" + lab["LAB_DNS_PORT"] + "\"\n\n"
    + lab.route("provider-a", 'a');
  for (const std::string seed : {"seed1@inbox.test", "seed2@inbox.test"}) {
    config += test::lab_seed(lab, seed, "lab", "cleanup = \"expunge\"\n");
  }
  return config + test::k_plain_content;
}

std::string
integrity(const std::string& db)
{
  return test::run_command("sqlite3 " + db + " 'PRAGMA integrity_check'").out;
}

test::CommandResult
run_inboxprobe(const std::string& args)
{
  return test::run_command(std::string(INBOXPROBE_BINARY) + " " + args);
}

} // namespace

TEST_CASE("a disk that fills up mid-run stops it with a clear error and loses nothing", "[e2e]")
{
  test::Lab lab;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  test::TempDir dir;
  SmallDisk disk;
  const std::string db = (disk.root() / "history.db").string();
  test::write_file(dir.path() / "campaign.toml",
                   campaign_config(lab, db, (disk.root() / "out").string()));
  const std::string config = (dir.path() / "campaign.toml").string();
  // A first run creates the history; the disk is then full but for 100 KiB:
  // the next run fails part way (planning, saving a message or the report).
  REQUIRE(run_inboxprobe("run --config " + config).exit_code == 0);
  disk.fill(100 * 1024);
  const test::CommandResult full = run_inboxprobe("run --config " + config);
  INFO(full.out);
  CHECK(full.exit_code != 0);
  CHECK(full.out.find(disk.root().string()) != std::string::npos);
  CHECK((full.out.find("No space left on device") != std::string::npos
         || full.out.find("database or disk is full") != std::string::npos));
  const bool named = full.out.find("store.disk_full: history database " + db) != std::string::npos
                     || full.out.find("report.write: ") != std::string::npos;
  CHECK(named);

  disk.empty();
  CHECK(integrity(db) == "ok\n");
  auto store = Store::open(db);
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE(runs->size() == 2);
  const std::string run_id = runs->front().id;
  const test::CommandResult resumed =
    run_inboxprobe("resume --config " + config + " --run " + run_id);
  INFO(resumed.out);
  CHECK(resumed.exit_code == 0);
  CHECK(integrity(db) == "ok\n");
  const test::RunOutcome outcome = test::load_run(db, run_id);
  CHECK(outcome.run.state == "done");
  REQUIRE(outcome.by_key.size() == 2);
  for (const auto& [key, p] : outcome.by_key) {
    CAPTURE(key);
    CHECK(p.result.placement == Placement::inbox);
    CHECK(test::wait_for_log(
            pfa_log, {"postfix-pfa/cleanup", "message-id=<" + p.submission.message_id + ">"})
            .size()
          == 1);
  }
}

TEST_CASE("a read-only history or report directory is a clear error naming it", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  SmallDisk disk;
  const std::string db = (disk.root() / "history.db").string();
  const std::string rw_db = (dir.path() / "history.db").string();
  test::write_file(dir.path() / "db-on-disk.toml",
                   campaign_config(lab, db, (dir.path() / "out").string()));
  test::write_file(dir.path() / "out-on-disk.toml",
                   campaign_config(lab, rw_db, (disk.root() / "out").string()));
  REQUIRE(run_inboxprobe("run --config " + (dir.path() / "db-on-disk.toml").string()).exit_code
          == 0);
  disk.read_only(true);

  // The history cannot be written: nothing is planned, nothing sent.
  const test::CommandResult no_db =
    run_inboxprobe("run --config " + (dir.path() / "db-on-disk.toml").string());
  INFO(no_db.out);
  CHECK(no_db.exit_code == 1);
  CHECK(no_db.out.find("store.read_only: history database " + db + ": cannot write its directory "
                       + disk.root().string() + " (Read-only file system)")
        != std::string::npos);
  CHECK(no_db.out.find(": sending") == std::string::npos);

  // The reports cannot be written: the run is in the history, the report can
  // be rebuilt once the directory is writable.
  const test::CommandResult no_out =
    run_inboxprobe("run --config " + (dir.path() / "out-on-disk.toml").string());
  INFO(no_out.out);
  CHECK(no_out.exit_code == 1);
  CHECK(no_out.out.find("report.write: cannot create " + (disk.root() / "out").string())
        != std::string::npos);
  CHECK(no_out.out.find("Read-only file system") != std::string::npos);
  CHECK(integrity(rw_db) == "ok\n");

  disk.read_only(false);
  CHECK(integrity(db) == "ok\n");
  const auto runs = Store::open(rw_db)->list_runs();
  REQUIRE(runs->size() == 1);
  CHECK(runs->front().state == "done");
  const test::CommandResult rebuilt = run_inboxprobe(
    "report --config " + (dir.path() / "out-on-disk.toml").string() + " --run " + runs->front().id);
  INFO(rebuilt.out);
  CHECK(rebuilt.exit_code == 0);
  CHECK(std::filesystem::exists(disk.root() / "out" / runs->front().id / "report.json"));
}
