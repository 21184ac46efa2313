#!/usr/bin/env bash
# The receiver benchmark: 1,000 seed mailboxes in a lab of their own (Dovecot, STARTTLS), one
# probe each, delivered over LMTP. Measured in the same run:
#   - one full collection pass (all probes already there): wall time and IMAP round trips per
#     mailbox per poll after login, inboxprobe's receiver (build/bench/receiver_bench, the
#     public collect()) against a straightforward Python imaplib loop over the same mailboxes;
#   - detection lag: 1,000 more probes delivered over 10 s while the receiver polls; found
#     minus delivered, p50/p95.
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

# Pass: every probe already delivered.
peer tokens --seeds "$work/seeds" --out "$work/batch1.tsv"
peer deliver --port "$LAB_LMTP_PORT" --probes "$work/batch1.tsv" --out "$work/delivered1.tsv"
ours_cold=$("$harness" pass "$url" "$LAB_CA_FILE" "$LAB_SECRETS_DIR" "$work/batch1.tsv" "$parallel")
ours=$("$harness" pass "$url" "$LAB_CA_FILE" "$LAB_SECRETS_DIR" "$work/batch1.tsv" "$parallel")
theirs=$(peer imaplib --port "$LAB_IMAP_PORT" --ca "$LAB_CA_FILE" --secrets "$LAB_SECRETS_DIR" \
  --probes "$work/batch1.tsv")
echo "cold: $ours_cold" >&2
echo "$ours" >&2
echo "$theirs" >&2

# Lag: probes arrive while the receiver polls.
peer tokens --seeds "$work/seeds" --out "$work/batch2.tsv"
lag=$("$harness" lag "$url" "$LAB_CA_FILE" "$LAB_SECRETS_DIR" "$work/batch2.tsv" "$parallel" \
  "$work/delivered2.tsv" "python3 bench/receiver_peer.py deliver --port $LAB_LMTP_PORT \
--probes $work/batch2.tsv --spread $spread --out $work/delivered2.tsv")
echo "$lag" >&2

field() { grep -o "$1=[0-9.]*" <<<"$2" | head -1 | cut -d= -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ours_s=$(field seconds "$ours")
peer_s=$(field seconds "$theirs")
ours_rt=$(field round_trips_per_poll_after_login "$ours")
peer_rt=$(field round_trips_per_mailbox "$theirs")
lag_p95=$(awk -v ms="$(field p95_ms "$lag")" 'BEGIN { printf "%.3f", ms / 1000 }')
echo "BENCH receiver_${seeds}_seeds value=$ours_s unit=s peer=imaplib peer_value=$peer_s" \
  "ratio=$(ratio "$ours_s" "$peer_s")"
echo "BENCH receiver_round_trips_per_mailbox value=$ours_rt unit=round_trips peer=imaplib" \
  "peer_value=$peer_rt ratio=$(ratio "$ours_rt" "$peer_rt")"
echo "BENCH receiver_detection_lag_p95 value=$lag_p95 unit=s peer=goal peer_value=2" \
  "ratio=$(ratio "$lag_p95" 2)"
