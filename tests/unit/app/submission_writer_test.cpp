#include "send_workers.hpp"
#include "submission_writer.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace inboxprobe;

namespace {

const std::string k_run_id = "20261129T120000Z-wrtr";

std::vector<Probe>
stored_probes(Store& store, std::size_t count)
{
  Run run;
  run.id = k_run_id;
  run.campaign = "c";
  run.state = "sending";
  REQUIRE(store.create_run(run));
  std::vector<Probe> probes;
  for (std::size_t i = 0; i < count; ++i) {
    probes.push_back({0, k_run_id, "tok" + std::to_string(i), "r", "s" + std::to_string(i), "n"});
  }
  REQUIRE(store.save_probes(probes));
  return probes;
}

} // namespace

TEST_CASE("submissions handed to the writer from several threads are all saved", "[app][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const std::vector<Probe> probes = stored_probes(*store, 200);
  {
    SubmissionWriter writer(*store);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = t; i < probes.size(); i += 4) {
          Submission s;
          s.probe_id = probes[i].id;
          s.outcome = i % 2 ? SubmitOutcome::accepted : SubmitOutcome::rejected;
          s.transcript = "S: " + std::to_string(i);
          writer.save(s, s.outcome != SubmitOutcome::accepted);
        }
      });
    }
    for (std::thread& t : threads) {
      t.join();
    }
    CHECK_FALSE(writer.finish().has_value());
    // finish() returned: everything handed in is in the history already.
    CHECK(store->load_submissions(k_run_id)->size() == 200);
  }
  const auto loaded = store->load_submissions(k_run_id);
  REQUIRE(loaded->size() == 200);
  CHECK((*loaded)[0].transcript == "S: 0"); // rejected: kept
  CHECK((*loaded)[1].transcript.empty());   // accepted: dropped
}

TEST_CASE("the writer reports the first store error", "[app][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  stored_probes(*store, 1);
  SubmissionWriter writer(*store);
  Submission orphan;
  orphan.probe_id = 424'242; // no such probe: the foreign key refuses it
  writer.save(orphan, false);
  const auto error = writer.finish();
  REQUIRE(error.has_value());
  CHECK(error->code == "store.sqlite");
}

TEST_CASE(
  "a record saved before sending is in the history when its ticket returns, and a later "
  "record replaces it",
  "[app][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const std::vector<Probe> probes = stored_probes(*store, 1);
  SubmissionWriter writer(*store);
  Submission provisional;
  provisional.probe_id = probes[0].id;
  provisional.outcome = SubmitOutcome::uncertain;
  provisional.step = SmtpStep::none;
  provisional.error = k_interrupted_error;
  CHECK(writer.save_before_sending(provisional).wait());
  // No finish(): the ticket alone guarantees the record is saved.
  const auto saved = store->load_submissions(k_run_id);
  REQUIRE(saved->size() == 1);
  CHECK(was_interrupted(saved->front()));
  Submission final_record = provisional;
  final_record.outcome = SubmitOutcome::accepted;
  final_record.step = SmtpStep::end_of_data;
  final_record.error.clear();
  writer.save(final_record, false);
  CHECK_FALSE(writer.finish().has_value());
  const auto replaced = store->load_submissions(k_run_id);
  REQUIRE(replaced->size() == 1);
  CHECK(replaced->front().outcome == SubmitOutcome::accepted);
  CHECK_FALSE(was_interrupted(replaced->front()));
  CHECK_FALSE(writer.failed());
}

TEST_CASE("a record that cannot be saved before sending says so, and the writer stays failed",
          "[app][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  stored_probes(*store, 1);
  SubmissionWriter writer(*store);
  Submission orphan;
  orphan.probe_id = 424'242; // no such probe: the foreign key refuses it
  CHECK_FALSE(writer.save_before_sending(orphan).wait());
  CHECK(writer.failed());
}
