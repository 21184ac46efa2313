#!/usr/bin/env bash
# BENCH sender_throughput: messages per second that inboxprobe's send pass gets into Postfix's
# smtp-sink on 127.0.0.1 (composing a tagged MIME message per probe, submitting it over
# reused connections, saving every Submission in a SQLite history), against Postfix's own
# smtp-source with the same number of parallel sessions, messages and payload size, in the
# same run and into the same sink. A second figure compares with swaks, which starts one
# process per message (as a shell script driving an MTA would), with as many parallel loops.
#
# Each of inboxprobe and smtp-source runs BENCH_SENDER_ROUNDS times, alternately, and the best
# round of each counts: on a shared machine the other processes only ever slow a round down.
#
# Knobs: BENCH_SENDER_SESSIONS (4), BENCH_SENDER_MESSAGES (2000), BENCH_SENDER_PAYLOAD
# (2000 bytes of body), BENCH_SENDER_ROUNDS (3), BENCH_SENDER_SWAKS_MESSAGES (100).
set -euo pipefail
cd "$(dirname "$0")/.."

sessions=${BENCH_SENDER_SESSIONS:-4}
messages=${BENCH_SENDER_MESSAGES:-2000}
rounds=${BENCH_SENDER_ROUNDS:-3}
payload=${BENCH_SENDER_PAYLOAD:-2000}
swaks_messages=${BENCH_SENDER_SWAKS_MESSAGES:-100}

for tool in smtp-sink smtp-source swaks python3; do
  command -v "$tool" >/dev/null || { echo "bench/sender: $tool is missing (scripts/install-deps)" >&2; exit 1; }
done
[ -x build/bench/sender_bench ] || cmake --build build --target sender_bench >/dev/null

work=$(mktemp -d /tmp/inboxprobe-bench-sender.XXXXXX)
sink_pid=
cleanup() {
  if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
  rm -rf -- "$work"
}
trap cleanup EXIT

# A free port on 127.0.0.1 for the sink, which everything below talks to.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sink_user=()
if [ "$(id -u)" = 0 ]; then sink_user=(-u nobody); fi # smtp-sink refuses to run as root
smtp-sink "${sink_user[@]}" "127.0.0.1:$port" 256 &
sink_pid=$!
for _ in $(seq 50); do
  ss -Hltn "sport = :$port" | grep -q . && break
  sleep 0.1
done

seconds_since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$EPOCHREALTIME"; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

best() { python3 -c "import sys; print(max(sys.argv[1:], key=float))" "$@"; }

ours_rates=()
source_rates=()
for ((round = 1; round <= rounds; round++)); do
  # 1. inboxprobe: plan, compose, submit, record (a fresh history each round).
  rm -f "$work"/history.db*
  ours=$(build/bench/sender_bench "$port" "$sessions" "$messages" "$payload" "$work/history.db")
  rate_now=${ours##*rate=}
  ours_rates+=("${rate_now%% *}")
  echo "bench/sender: round $round inboxprobe: $ours" >&2

  # 2. smtp-source: the same sessions, messages and payload, connections kept open (-d).
  t0=$EPOCHREALTIME
  smtp-source -d -s "$sessions" -m "$messages" -l "$payload" -M bench.inboxprobe.test \
    -f bench@sender.test -t seed@inbox.test -S "smtp-source benchmark" "127.0.0.1:$port"
  source_seconds=$(seconds_since "$t0")
  source_rates+=("$(rate "$messages" "$source_seconds")")
  echo "bench/sender: round $round smtp-source: messages=$messages seconds=$source_seconds" \
    "rate=${source_rates[-1]}" >&2
done
ours_rate=$(best "${ours_rates[@]}")
source_rate=$(best "${source_rates[@]}")

# 3. swaks: one process (and one connection) per message, $sessions loops in parallel.
{
  printf 'From: Bench <bench@sender.test>\r\nTo: <seed@inbox.test>\r\nSubject: swaks benchmark\r\n'
  printf 'Date: %s\r\nMessage-ID: <swaks-bench@sender.test>\r\n\r\n' "$(date -R)"
  for ((n = 0; n < payload; n += 74)); do printf '%s\r\n' "$(printf 'x%.0s' {1..72})"; done
} >"$work/swaks.eml"
per_loop=$((swaks_messages / sessions))
t0=$EPOCHREALTIME
for ((s = 0; s < sessions; s++)); do
  (
    for ((i = 0; i < per_loop; i++)); do
      swaks --silent 2 --server "127.0.0.1:$port" --helo bench.inboxprobe.test \
        --from bench@sender.test --to seed@inbox.test --data "@$work/swaks.eml" >/dev/null
    done
  ) &
done
wait_status=0
for job in $(jobs -p); do
  [ "$job" = "$sink_pid" ] && continue
  wait "$job" || wait_status=1
done
[ "$wait_status" = 0 ] || { echo "bench/sender: a swaks loop failed" >&2; exit 1; }
swaks_seconds=$(seconds_since "$t0")
swaks_total=$((per_loop * sessions))
swaks_rate=$(rate "$swaks_total" "$swaks_seconds")
echo "bench/sender: swaks: messages=$swaks_total seconds=$swaks_seconds rate=$swaks_rate" >&2

echo "BENCH sender_throughput value=$ours_rate unit=msg/s peer=smtp-source peer_value=$source_rate ratio=$(ratio "$ours_rate" "$source_rate")"
echo "BENCH sender_throughput_vs_swaks value=$ours_rate unit=msg/s peer=swaks peer_value=$swaks_rate ratio=$(ratio "$ours_rate" "$swaks_rate")"
