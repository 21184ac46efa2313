// Test support for the receiver's end-to-end scenarios: config tables for the
// lab's special seeds and bounce mailboxes, reading a run back from the
// history, IMAP checks and lab actions (releasing held mail, restarting
// Dovecot) done with the lab's own tools.
#pragma once

#include "lab.hpp"

#include <core/store/store.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace inboxprobe::test {

// A [[seed]] at the lab's Dovecot with a chosen provider preset and extra keys.
inline std::string
lab_seed(const Lab& lab,
         const std::string& address,
         const std::string& provider = "lab",
         const std::string& extra = "")
{
  return "[[seed]]\naddress = \"" + address + "\"\nprovider = \"" + provider
         + "\"\nimap_url = \"imap://127.0.0.1:" + lab["LAB_IMAP_PORT"]
         + "\"\ntls = \"starttls\"\nca_file = \"" + lab["LAB_CA_FILE"] + "\"\npassword_file = \""
         + lab["LAB_SECRETS_DIR"] + "/" + address
         + "\"\ntrusted_authserv_ids = [\"mx.inbox.test\"]\n" + extra + "\n";
}

// The bounce_mailbox line of a [[route]]: `user`'s mailbox at the lab's Dovecot.
inline std::string
lab_bounce_mailbox(const Lab& lab, const std::string& user)
{
  return "bounce_mailbox = { imap_url = \"imap://127.0.0.1:" + lab["LAB_IMAP_PORT"]
         + "\", ca_file = \"" + lab["LAB_CA_FILE"] + "\", user = \"" + user
         + "\", password_file = \"" + lab["LAB_SECRETS_DIR"] + "/" + user + "\" }\n";
}

inline std::string
content(const std::string& name, const std::string& text, const std::string& headers = "")
{
  return "[[content]]\nname = \"" + name + "\"\nsubject = \"" + name + " probe\"\ntext = \"\"\"\n"
         + text + "\"\"\"\n" + (headers.empty() ? "" : "headers = { " + headers + " }\n") + "\n";
}

// Everything the history holds about one probe.
struct ProbeOutcome
{
  Probe probe;
  ProbeResult result;
  std::vector<Sighting> sightings;
  Submission submission;
};

struct RunOutcome
{
  Run run;
  std::map<std::string, ProbeOutcome> by_key; // "seed content"
  std::vector<EarlierResult> earlier;
};

inline RunOutcome
load_run(const std::string& db_path, const std::string& run_id = "")
{
  auto store = Store::open(db_path);
  REQUIRE(store);
  RunOutcome out;
  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE_FALSE(runs->empty());
  out.run = runs->back(); // the oldest, unless asked for one
  for (const Run& r : *runs) {
    if (r.id == run_id) {
      out.run = r;
    }
  }
  const auto results = store->load_results(out.run.id);
  const auto sightings = store->load_sightings(out.run.id);
  const auto submissions = store->load_submissions(out.run.id);
  const auto earlier = store->load_earlier_results(out.run.id);
  REQUIRE(results);
  REQUIRE(sightings);
  REQUIRE(submissions);
  REQUIRE(earlier);
  out.earlier = *earlier;
  const auto probes = store->load_probes(out.run.id);
  REQUIRE(probes);
  for (const Probe& p : *probes) {
    ProbeOutcome o;
    o.probe = p;
    for (const ProbeResult& r : *results) {
      o.result = r.probe_id == p.id ? r : o.result;
    }
    for (const Sighting& s : *sightings) {
      if (s.probe_id == p.id) {
        o.sightings.push_back(s);
      }
    }
    for (const Submission& s : *submissions) {
      o.submission = s.probe_id == p.id ? s : o.submission;
    }
    out.by_key[p.seed + " " + p.content] = o;
  }
  return out;
}

inline const Finding*
find_finding(const ProbeResult& result, const std::string& code)
{
  for (const Finding& f : result.findings) {
    if (f.code == code) {
      return &f;
    }
  }
  return nullptr;
}

// An IMAP command's output as `address`, through curl (a separate client: what
// it sees is independent of inboxprobe). `folder_url` is URL-encoded.
inline std::string
imap_as(const Lab& lab,
        const std::string& address,
        const std::string& folder_url,
        const std::string& command)
{
  return run_command("printf 'user = \"%s:%s\"\\n' '" + address + "' \"$(cat "
                     + lab["LAB_SECRETS_DIR"] + "/" + address + ")\" | curl -s --max-time 20 "
                     + "--ssl-reqd --cacert " + lab["LAB_CA_FILE"] + " -K - 'imap://127.0.0.1:"
                     + lab["LAB_IMAP_PORT"] + "/" + folder_url + "' -X '" + command + "'")
    .out;
}

// The FLAGS of message `uid`, fetched apart from inboxprobe.
inline std::string
flags_of(const Lab& lab,
         const std::string& address,
         const std::string& folder_url,
         std::uint32_t uid)
{
  return imap_as(lab, address, folder_url, "UID FETCH " + std::to_string(uid) + " (FLAGS)");
}

// Wait until `address`'s `folder_url` holds a message carrying `token`, at most
// `seconds`.
inline bool
wait_for_token(const Lab& lab,
               const std::string& address,
               const std::string& folder_url,
               const std::string& token,
               int seconds)
{
  for (int i = 0; i < seconds * 4; ++i) {
    const std::string found =
      imap_as(lab, address, folder_url, "UID SEARCH HEADER X-Inboxprobe-Probe " + token);
    if (found.find("SEARCH ") != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

// Release what provider A holds (X-Lab-Hold) and hand it to the MX now.
inline void
release_held_mail(const Lab& lab)
{
  const std::string etc = lab["LAB_DIR"] + "/postfix-pfa/etc";
  REQUIRE(run_command("postsuper -c " + etc + " -H ALL && postqueue -c " + etc + " -f").exit_code
          == 0);
}

// The run id a `run` printed ("run ID: ..." lines).
inline std::string
run_id_in(const std::string& output)
{
  const std::size_t at = output.find("run ");
  REQUIRE(at != std::string::npos);
  return output.substr(at + 4, output.find(':', at) - at - 4);
}

} // namespace inboxprobe::test
