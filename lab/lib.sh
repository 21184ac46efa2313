# shellcheck shell=bash
# Shared by lab/up, lab/down and lab/selftest: environment knobs, port table, the list of
# daemons with their pidfiles, and process helpers. Sourced, never executed.
# shellcheck disable=SC2034  # the variables set here are used by the scripts that source it

LAB_DIR=${LAB_DIR:-/tmp/inboxprobe-lab}
# The list of mail users; a benchmark points this at a generated list (e.g. 1,000 seeds).
LAB_USERS_FILE=${LAB_USERS_FILE:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/users}
LAB_PORT_OFFSET=${LAB_PORT_OFFSET:-0}
LAB_HOST=127.0.0.1
LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Outside LAB_DIR on purpose: compiling rspamd's hyperscan databases takes 15-20 s, loading
# them from this cache well under a second (docs/lab.md, pitfall "rspamd cold start").
# Override it to keep the cache where CI caches directories.
LAB_HS_CACHE_DIR=${LAB_HS_CACHE_DIR:-/var/tmp/inboxprobe-rspamd-hs-cache}
# Debian's Postfix master(8); lab/up starts it directly (see start_daemon there).
LAB_POSTFIX_MASTER=/usr/lib/postfix/sbin/master
# Written first by lab/up, checked by lab/down before it removes anything: we only ever
# delete a directory that a lab created.
LAB_MARKER=.inboxprobe-lab

# Daemons in stop order: the MTAs first, so that nothing hands mail to a filter or to
# Dovecot that is already gone.
LAB_DAEMONS=(pfa pfb mx dovecot rspamd opendkim dnsmasq)

# Seconds since T0 (an $EPOCHREALTIME value), with one decimal.
lab_elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

require_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (daemons drop privileges themselves)"
}

# Refuse values that would break config files or make `rm -rf "$LAB_DIR"` dangerous.
lab_validate_env() {
  case $LAB_DIR in
    /*) ;;
    *) die "LAB_DIR must be an absolute path (got '$LAB_DIR')" ;;
  esac
  [[ $LAB_DIR =~ ^(/[A-Za-z0-9._-]+)+$ ]] ||
    die "LAB_DIR may only contain A-Z a-z 0-9 . _ - and single slashes," \
      "no trailing slash (got '$LAB_DIR')"
  [[ $LAB_DIR != *"/.."* && $LAB_DIR != *"/./"* ]] ||
    die "LAB_DIR must not contain . or .. components"
  # Unix socket paths are limited to 108 bytes; Dovecot's deepest one is
  # $LAB_DIR/run/dovecot/token-login/tokenlogin (39 characters below LAB_DIR).
  [ "${#LAB_DIR}" -le 60 ] || die "LAB_DIR is too long for unix socket paths (max 60 characters)"
  [[ $LAB_HS_CACHE_DIR =~ ^(/[A-Za-z0-9._-]+)+$ ]] ||
    die "LAB_HS_CACHE_DIR must be an absolute path of A-Z a-z 0-9 . _ - (got '$LAB_HS_CACHE_DIR')"
  [[ $LAB_PORT_OFFSET =~ ^[0-9]+$ ]] || die "LAB_PORT_OFFSET must be a non-negative integer"
  # The highest default port is 11587; keep every port a valid, unprivileged port.
  [ "$LAB_PORT_OFFSET" -le 50000 ] || die "LAB_PORT_OFFSET must be at most 50000"
}

# Every TCP/UDP port of the lab, as NAME=port. LAB_PORT_OFFSET is added to all of them so that
# two labs can run side by side. The names become LAB_<NAME> in lab.env.
lab_set_ports() {
  local o=$LAB_PORT_OFFSET
  PFA_SUBMISSION_PORT=$((10587 + o))
  PFA_SMTPS_PORT=$((10465 + o))
  PFA_RELAY_PORT=$((10026 + o))
  PFA_PLAIN_PORT=$((10588 + o))
  PFB_SUBMISSION_PORT=$((11587 + o))
  PFB_SMTPS_PORT=$((11465 + o))
  PFB_RELAY_PORT=$((11026 + o))
  PFB_PLAIN_PORT=$((11588 + o))
  MX_PORT=$((10025 + o))
  LMTP_PORT=$((10024 + o))
  IMAP_PORT=$((10143 + o))
  IMAPS_PORT=$((10993 + o))
  DNS_PORT=$((5353 + o))
  RSPAMD_PORT=$((11333 + o))
  RSPAMD_CONTROLLER_PORT=$((11334 + o))
  LAB_PORT_NAMES=(PFA_SUBMISSION_PORT PFA_SMTPS_PORT PFA_RELAY_PORT PFA_PLAIN_PORT
    PFB_SUBMISSION_PORT PFB_SMTPS_PORT PFB_RELAY_PORT PFB_PLAIN_PORT MX_PORT LMTP_PORT
    IMAP_PORT IMAPS_PORT DNS_PORT RSPAMD_PORT RSPAMD_CONTROLLER_PORT)
}

# The pidfile each daemon writes itself (paths are set in the rendered configs).
lab_pidfile() {
  case $1 in
    pfa | pfb | mx) echo "$LAB_DIR/postfix-$1/queue/pid/master.pid" ;;
    dovecot) echo "$LAB_DIR/run/dovecot/master.pid" ;;
    rspamd) echo "$LAB_DIR/rspamd/run/rspamd.pid" ;;
    opendkim) echo "$LAB_DIR/opendkim/run/opendkim.pid" ;;
    dnsmasq) echo "$LAB_DIR/run/dnsmasq.pid" ;;
    *) die "unknown daemon $1" ;;
  esac
}

# The executable behind each daemon's main PID: a stale pidfile whose PID was reused by an
# unrelated process must never get that process killed.
lab_exe() {
  case $1 in
    pfa | pfb | mx) echo "$LAB_POSTFIX_MASTER" ;;
    dovecot) echo /usr/sbin/dovecot ;;
    rspamd) echo /usr/bin/rspamd ;;
    opendkim) echo /usr/sbin/opendkim ;;
    dnsmasq) echo /usr/sbin/dnsmasq ;;
    *) die "unknown daemon $1" ;;
  esac
}

# Print the PID from a daemon's pidfile, or nothing. Postfix pads it with spaces.
lab_read_pid() {
  local file pid=
  file=$(lab_pidfile "$1")
  if [ -r "$file" ]; then
    read -r pid <"$file" || true
  fi
  [[ $pid =~ ^[0-9]+$ ]] && echo "$pid"
  return 0
}

# Print "state sid" of PID from /proc/PID/stat, or fail if there is no such process. The
# comm field may contain spaces or parentheses: cut after the last ") ".
lab_stat() {
  local line rest
  read -r line 2>/dev/null <"/proc/$1/stat" || return 1
  rest=${line##*) }
  read -r -a rest <<<"$rest"
  echo "${rest[0]} ${rest[3]}"
}

# True if PID runs EXE and is not a zombie. A daemon that exits is re-parented to PID 1,
# which may reap it only seconds later; `kill -0` says "alive" for all that time, the state
# field in /proc/PID/stat says Z (docs/lab.md, pitfall "Zombies").
lab_pid_alive() {
  local pid=$1 exe=$2 st target
  st=$(lab_stat "$pid") || return 1
  case ${st%% *} in Z | X | x) return 1 ;; esac
  target=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [ "${target% (deleted)}" = "$exe" ]
}

# True if the daemon NAME from its pidfile is running.
lab_daemon_alive() {
  local pid
  pid=$(lab_read_pid "$1")
  [ -n "$pid" ] && lab_pid_alive "$pid" "$(lab_exe "$1")"
}

# The listening sockets on the host, one "proto addr:port" per line (tcp LISTEN, udp bound),
# from a single `ss` call: probing by connecting would spawn an smtpd or imap-login and put a
# "lost connection" line in the logs every time.
lab_listeners() {
  ss -Hlntu | awk '{ print $1, $5 }'
}

# Port name -> protocol list it must be served on.
lab_port_protos() {
  case $1 in
    DNS_PORT) echo "tcp udp" ;;
    *) echo tcp ;;
  esac
}

# The unix sockets other daemons connect to (milters, SASL): NAME=path.
lab_unix_sockets() {
  printf '%s\n' \
    "opendkim=$LAB_DIR/opendkim/run/opendkim.sock" \
    "rspamd=$LAB_DIR/rspamd/run/milter.sock" \
    "dovecot=$LAB_DIR/run/dovecot/auth-client"
}

# Seconds a daemon may take to exit after SIGTERM before it gets SIGKILL.
# OpenDKIM: libmilter's listener looks at its stop flag only every 5 s (MI_CHK_TIME), so a
# TERM takes 0-5 s to act; the signer holds no state worth a graceful exit, and the MTAs are
# already gone when it is killed. Everything else gets 15 s to finish cleanly.
lab_stop_grace() {
  case $1 in
    opendkim) echo 1 ;;
    pfa | pfb | mx | dovecot | rspamd | dnsmasq) echo 15 ;;
    *) echo 5 ;; # a leftover child (keyed by pid)
  esac
}

# PIDs of the live processes in session SID other than SID itself.
lab_session_members() {
  local sid=$1 f line state s
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    # Fields after comm: state ppid pgrp session ... (parsed without a subshell: this runs
    # for every process on the host).
    read -r state _ _ s _ <<<"${line##*) }"
    if [ "$s" = "$sid" ] && [ "${line%% *}" != "$sid" ] && [ "$state" != Z ]; then
      echo "${line%% *}"
    fi
  done
}

# Stop every lab daemon, by the PID in its pidfile: all get SIGTERM at once, then we wait
# for each to really exit (state Z counts as exited). One that outlives its grace gets
# SIGKILL, for Postfix its whole process group (as `postfix stop` does).
# Each daemon runs in its own session (setsid), so afterwards any process still in one of
# those sessions is a child we started that outlived its master (e.g. rspamd workers after
# a kill -9 of the main process, which keep the ports open): those get the same treatment.
# A pidfile whose PID now belongs to another program is ignored; a PID with no process left
# still names its session, since Linux does not reuse a PID while it is a session id.
lab_stop_daemons() {
  local name pid st t0 members
  declare -A pids=() exes=() sids=()
  t0=${EPOCHREALTIME%.*}
  for name in "${LAB_DAEMONS[@]}"; do
    pid=$(lab_read_pid "$name")
    [ -n "$pid" ] || continue
    if lab_pid_alive "$pid" "$(lab_exe "$name")"; then
      st=$(lab_stat "$pid") || continue
      sids[$name]=${st#* }
      kill -TERM "$pid" 2>/dev/null || true
      pids[$name]=$pid
      exes[$name]=$(lab_exe "$name")
    else
      # Dead master: a zombie still shows its session; with no process left at all, the
      # PID itself is the session id. A live PID running another program is left alone.
      st=$(lab_stat "$pid") || st="Z $pid"
      if [ "${st%% *}" = Z ]; then sids[$name]=${st#* }; fi
    fi
  done
  lab_wait_exit "$t0" pids exes
  # Children left behind by a master that died or was killed.
  for name in "${!sids[@]}"; do
    members=$(lab_session_members "${sids[$name]}")
    [ -n "$members" ] || continue
    log "stopping leftover $name processes: ${members//$'\n'/ }"
    pids=() exes=()
    for pid in $members; do
      exes[$pid]=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
      pids[$pid]=$pid
      kill -TERM "$pid" 2>/dev/null || true
    done
    lab_wait_exit "${EPOCHREALTIME%.*}" pids exes
  done
}

# lab_wait_exit T0 PIDS EXES: wait until every process in the associative arrays named PIDS
# (key -> pid) and EXES (key -> executable) has exited; SIGKILL at T0 + grace, give up at
# T0 + 30 s.
lab_wait_exit() {
  local t0=$1 key pid now
  local -n _pids=$2 _exes=$3
  declare -A kill_at=()
  for key in "${!_pids[@]}"; do kill_at[$key]=$((t0 + $(lab_stop_grace "$key"))); done
  while [ "${#_pids[@]}" -gt 0 ]; do
    now=${EPOCHREALTIME%.*}
    for key in "${!_pids[@]}"; do
      pid=${_pids[$key]}
      if ! lab_pid_alive "$pid" "${_exes[$key]}"; then
        unset "_pids[$key]"
      elif [ "$now" -ge "${kill_at[$key]}" ]; then
        [ "$key" = opendkim ] || log "warning: $key (pid $pid) ignored SIGTERM; sending SIGKILL"
        case $key in
          pfa | pfb | mx) kill -KILL -- "-$pid" 2>/dev/null || true ;;
        esac
        kill -KILL "$pid" 2>/dev/null || true
        kill_at[$key]=$((now + 5))
      fi
    done
    if [ "${#_pids[@]}" -gt 0 ] && [ "$now" -ge $((t0 + 30)) ]; then
      die "could not stop: ${!_pids[*]} (pids ${_pids[*]})"
    fi
    [ "${#_pids[@]}" -eq 0 ] || sleep 0.05
  done
}
