// Scenario: a seed folder the server cannot open (its Maildir directory is made
// unreadable for the duration of the test). The probe, held by the provider,
// never arrives: the run reports a folder error and leaves the probe pending,
// never missing.
#include "receiver_lab.hpp"

#include <filesystem>

using namespace inboxprobe;

namespace {

// A folder of seed1 whose directory Dovecot (running as "mail") cannot read;
// removed again, with whatever the provider still holds, at the end.
class BrokenFolder
{
public:
  explicit BrokenFolder(const test::Lab& lab) : m_lab(lab)
  {
    REQUIRE(run_doveadm("mailbox create -u seed1@inbox.test " + k_name).exit_code == 0);
    REQUIRE(std::filesystem::exists(path()));
    REQUIRE(test::run_command("chmod 000 '" + path() + "'").exit_code == 0);
  }
  ~BrokenFolder()
  {
    test::run_command("chmod 700 '" + path() + "'");
    run_doveadm("mailbox delete -u seed1@inbox.test " + k_name);
    // The held probe must not reach seed1 later.
    test::run_command("postsuper -c " + m_lab["LAB_DIR"] + "/postfix-pfa/etc -d ALL hold");
  }

private:
  test::CommandResult
  run_doveadm(const std::string& args) const
  {
    return test::run_command("doveadm -c " + m_lab["LAB_DIR"] + "/dovecot/dovecot.conf " + args);
  }
  std::string
  path() const
  {
    return m_lab["LAB_DIR"] + "/mail/inbox.test/seed1/Maildir/." + k_name;
  }

  inline static const std::string k_name = "Unreadable";
  const test::Lab& m_lab;
};

} // namespace

TEST_CASE("a folder that cannot be read is a folder error and the probe is not missing", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  BrokenFolder broken(lab);
  const std::string d = dir.path().string();
  const std::string config = lab.campaign("e2e-folder-error", d, "3s")
                             + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, "seed1@inbox.test")
                             + test::content("held", "Never here.\n", "\"X-Lab-Hold\" = \"yes\"");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("seed seed1@inbox.test: folder-error Unreadable: ") != std::string::npos);
  CHECK(run.out.find("1 probes: 0 inbox, 0 spam, 0 other, 0 missing, 0 rejected, 1 pending")
        != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const test::ProbeOutcome& o = outcome.by_key.at("seed1@inbox.test held");
  CHECK(o.result.placement == Placement::pending);
  const Finding* error = test::find_finding(o.result, "imap.folder_error");
  REQUIRE(error != nullptr);
  CHECK(error->evidence.rfind("Unreadable: imap.command_failed: ", 0) == 0);
}
