#!/usr/bin/env bash
# The receiver benchmark: 1,000 seed mailboxes in a lab of their own (Dovecot, STARTTLS), one
# probe each, delivered over LMTP. Measured in the same run:
#   - one full collection pass (all probes already there): wall time and IMAP round trips per
#     mailbox per poll after login, inboxprobe's receiver (build/bench/receiver_bench, the
#     public collect()) against a straightforward Python imaplib loop over the same mailboxes;
#   - detection lag: 1,000 more probes delivered over 10 s while the receiver polls; found
#     minus delivered, p50/p95; and the same for 100 seeds.
# Each client's pass runs twice, alternating, after a first pass that logs in to every seed
# once; the better pass of each counts (the machine is shared with other work).
# Prints BENCH lines (bench/run). The lab is started with a generated user list and stopped
# again at the end; nothing else is touched.
#
# Environment: BENCH_LAB_DIR (default /tmp/inboxprobe-bench-receiver), BENCH_LAB_PORT_OFFSET
# (default 20000), BENCH_SEEDS (1000), BENCH_PARALLEL (8, the receiver's default pool),
# BENCH_SPREAD (10 s), BUILD_DIR (build).
set -euo pipefail
cd "$(dirname "$0")/.."
export LAB_DIR=${BENCH_LAB_DIR:-/tmp/inboxprobe-bench-receiver}
export LAB_PORT_OFFSET=${BENCH_LAB_PORT_OFFSET:-20000}
seeds=${BENCH_SEEDS:-1000}
parallel=${BENCH_PARALLEL:-8}
spread=${BENCH_SPREAD:-10}
build=${BUILD_DIR:-build}
harness=$build/bench/receiver_bench
[ -x "$harness" ] || cmake --build "$build" --target receiver_bench >/dev/null

work=$(mktemp -d)
cleanup() {
  ./lab/down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The lab's SMTP senders (lab/up needs the routes' users) and the benchmark's seeds.
{
  grep -E '^[^#].* sender ' lab/users
  for i in $(seq -f '%04g' 1 "$seeds"); do echo "bench$i@inbox.test seed no-campaign"; done
} >"$work/users"
grep -o '^bench[0-9]*@inbox.test' "$work/users" >"$work/seeds"
./lab/down >/dev/null 2>&1 || true
LAB_USERS_FILE=$work/users ./lab/up >"$work/up.log" 2>&1 || {
  cat "$work/up.log" >&2
  exit 1
}
# shellcheck source=/dev/null
. "$LAB_DIR/lab.env"
url=imap://127.0.0.1:$LAB_IMAP_PORT
peer() { python3 bench/receiver_peer.py "$@"; }
# Seed mailboxes in use have their Dovecot indexes: build them for every folder of every
# seed first, so that neither client pays for creating them.
doveadm -c "$LAB_DIR/dovecot/dovecot.conf" mailbox status -A 'messages uidnext' '*' >/dev/null

# Pass: every probe already delivered. The first pass logs in to each seed for the first time
# (Dovecot then builds the user's state): reported, not compared. Then each client twice,
# alternating, the better of its two passes counting (the machine is shared: noise is high).
peer tokens --seeds "$work/seeds" --out "$work/batch1.tsv"
peer deliver --port "$LAB_LMTP_PORT" --probes "$work/batch1.tsv" --out "$work/delivered1.tsv"
ours_pass() { "$harness" pass "$url" "$LAB_CA_FILE" "$LAB_SECRETS_DIR" "$work/batch1.tsv" "$parallel"; }
peer_pass() {
  peer imaplib --port "$LAB_IMAP_PORT" --ca "$LAB_CA_FILE" --secrets "$LAB_SECRETS_DIR" \
    --probes "$work/batch1.tsv"
}
echo "first logins: $(ours_pass)" >&2
ours1=$(ours_pass)
theirs1=$(peer_pass)
ours2=$(ours_pass)
theirs2=$(peer_pass)
printf '%s\n' "$ours1" "$theirs1" "$ours2" "$theirs2" >&2
best() { grep -o 'seconds=[0-9.]*' <<<"$1"$'\n'"$2" | cut -d= -f2 | sort -g | head -1; }
ours=$ours1
theirs=$theirs1

# Lag: probes arrive while the receiver polls.
peer tokens --seeds "$work/seeds" --out "$work/batch2.tsv"
lag=$("$harness" lag "$url" "$LAB_CA_FILE" "$LAB_SECRETS_DIR" "$work/batch2.tsv" "$parallel" \
  "$work/delivered2.tsv" "python3 bench/receiver_peer.py deliver --port $LAB_LMTP_PORT \
--probes $work/batch2.tsv --spread $spread --out $work/delivered2.tsv")
echo "$lag" >&2
# The same with the first 100 seeds only: the lag a smaller campaign sees.
head -n 100 "$work/batch2.tsv" | sed 's/\t.*//' >"$work/seeds100"
peer tokens --seeds "$work/seeds100" --out "$work/batch3.tsv"
lag100=$("$harness" lag "$url" "$LAB_CA_FILE" "$LAB_SECRETS_DIR" "$work/batch3.tsv" "$parallel" \
  "$work/delivered3.tsv" "python3 bench/receiver_peer.py deliver --port $LAB_LMTP_PORT \
--probes $work/batch3.tsv --spread $spread --out $work/delivered3.tsv")
echo "100 seeds: $lag100" >&2

field() { grep -o "$1=[0-9.]*" <<<"$2" | head -1 | cut -d= -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ours_s=$(best "$ours1" "$ours2")
peer_s=$(best "$theirs1" "$theirs2")
ours_rt=$(field round_trips_per_poll_after_login "$ours")
peer_rt=$(field round_trips_per_mailbox "$theirs")
seconds_of() { awk -v ms="$(field p95_ms "$1")" 'BEGIN { printf "%.3f", ms / 1000 }'; }
lag_p95=$(seconds_of "$lag")
lag100_p95=$(seconds_of "$lag100")
echo "BENCH receiver_${seeds}_seeds value=$ours_s unit=s peer=imaplib peer_value=$peer_s" \
  "ratio=$(ratio "$ours_s" "$peer_s")"
echo "BENCH receiver_round_trips_per_mailbox value=$ours_rt unit=round_trips peer=imaplib" \
  "peer_value=$peer_rt ratio=$(ratio "$ours_rt" "$peer_rt")"
echo "BENCH receiver_detection_lag_p95 value=$lag_p95 unit=s peer=goal peer_value=2" \
  "ratio=$(ratio "$lag_p95" 2)"
echo "BENCH receiver_detection_lag_p95_100_seeds value=$lag100_p95 unit=s peer=goal" \
  "peer_value=2 ratio=$(ratio "$lag100_p95" 2)"
