#!/usr/bin/env bash
# Analysis throughput (bench/run analysis): messages analysed per second by
# inboxprobe (parse, Authentication-Results, own DKIM and ARC verification with
# cached keys, Received chain) against a Python pipeline of dkimpy + authres
# on the same files in the same run, and against the RSA-2048 verify rate of
# `openssl speed` (the crypto limit). Needs python3-dkim and python3-authres
# (scripts/install-deps bench). Runs about 3 s per side.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${INBOXPROBE_CORPUS_DIR:-tests/data/corpus}
seconds=${BENCH_SECONDS:-3}
bin=${ANALYSIS_BENCH_BIN:-build/bench/analysis_bench}
[ -x "$bin" ] || cmake --build build --target analysis_bench >/dev/null
if ! /usr/bin/python3 -c 'import dkim, authres' 2>/dev/null; then
  echo "bench/analysis.sh: python3-dkim and python3-authres are needed (scripts/install-deps bench)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/analysis_peer.py prepare "$work" "$corpus" >/dev/null
ours=$("$bin" "$work" "$seconds")
peer=$(/usr/bin/python3 bench/analysis_peer.py run "$work" "$seconds")
# "rsa 2048 bits 0.000564s 0.000016s 1773.5 62301.2": the last field is verify/s.
rsa=$(openssl speed -seconds "$seconds" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $NF}')
awk -v o="$ours" -v p="$peer" -v r="$rsa" 'BEGIN {
  printf "BENCH analysis_throughput value=%s unit=msg/s peer=dkimpy+authres peer_value=%s ratio=%.1f\n", o, p, o / p
  printf "BENCH analysis_vs_rsa_verify value=%s unit=msg/s peer=openssl-rsa2048-verify peer_value=%s ratio=%.2f\n", o, r, o / r
}'
