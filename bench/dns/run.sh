#!/usr/bin/env bash
# Side-by-side DNS benchmark: NSD, Knot, BIND 9 and the Kiln appliance (host
# and tap targets), same machine, same zones, same load. See bench/README.md.
#
#   bench/dns/run.sh [--duration S] [--rounds N] [--sizes 100,1000,10000]
#                    [--servers nsd,knot,bind,kiln-host,kiln-tap] [--peers-only]
#                    [--warmup S] [--base-port P] [--netns NAME] [--out FILE]
set -euo pipefail
# The whole script is one { … } block, so bash parses it all before running it:
# editing or merging this file while a run is going does not disturb that run.
{

DURATION=10
ROUNDS=3
SIZES=100,1000,10000
SERVERS=nsd,knot,bind,kiln-host,kiln-tap
WARMUP=3
JIT_WARMUP=10
BASE_PORT=5300
NETNS=kiln-bench
OUT=""
PEERS_ONLY=0
RATE=0
KILN_READY_TIMEOUT=${KILN_READY_TIMEOUT:-300}
ORIGIN=bench.example
SERVER_CPU=0
CLIENT_CPU=1

usage() {
  cat <<'EOF'
Usage: bench/dns/run.sh [options]

  --duration S     seconds per measured dnsperf run (default 10)
  --rounds N       rounds; each round runs every server once, interleaved (default 3)
  --sizes LIST     zone sizes in names, comma-separated (default 100,1000,10000)
  --servers LIST   any of nsd,knot,bind,kiln-host,kiln-tap (default: all five)
  --peers-only     only nsd,knot,bind (same as --servers nsd,knot,bind)
  --rate QPS       offer a fixed load (dnsperf -Q QPS) instead of as much as the client can send
  --warmup S       seconds of unmeasured load before each measured run (default 3)
  --jit-warmup S   extra unmeasured load, once, for each Kiln server after it starts (default 10)
  --base-port P    first loopback port to try for the servers (default 5300)
  --netns NAME     namespace name for kiln-tap (default kiln-bench; must not exist yet)
  --out FILE       report file (default bench/results/dns-<UTC date-time>.md)
  -h, --help       this text

The server is pinned to CPU 0 and dnsperf to CPU 1. Results (markdown) go to
stdout and to the report file; progress goes to stderr.
EOF
}

# No `| head` / `| grep -q` in pipelines: with pipefail the writer's SIGPIPE would end the script.
netns_exists() { ip netns list 2>/dev/null | awk -v n="$NETNS" '$1 == n { f = 1 } END { exit !f }'; }
die() { echo "run.sh: $*" >&2; exit 1; }
say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

COMMAND="bench/dns/run.sh"
for a in "$@"; do
  if [[ $a =~ ^[A-Za-z0-9_,./=:+-]+$ ]]; then COMMAND+=" $a"; else COMMAND+=" $(printf '%q' "$a")"; fi
done

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
    --sizes) SIZES=${2:?--sizes needs a list}; shift 2 ;;
    --servers) SERVERS=${2:?--servers needs a list}; shift 2 ;;
    --peers-only) PEERS_ONLY=1; shift ;;
    --rate) RATE=${2:?--rate needs queries per second}; shift 2 ;;
    --jit-warmup) JIT_WARMUP=${2:?--jit-warmup needs seconds}; shift 2 ;;
    --warmup) WARMUP=${2:?--warmup needs seconds}; shift 2 ;;
    --base-port) BASE_PORT=${2:?--base-port needs a port}; shift 2 ;;
    --netns) NETNS=${2:?--netns needs a name}; shift 2 ;;
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "--duration must be a positive whole number of seconds, not '$DURATION'"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive whole number, not '$ROUNDS'"
[[ $RATE =~ ^[0-9]+$ ]] || die "--rate must be a whole number of queries per second (0 = unlimited), not '$RATE'"
[[ $JIT_WARMUP =~ ^[0-9]+$ ]] || die "--jit-warmup must be a whole number of seconds, not '$JIT_WARMUP'"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "--warmup must be a whole number of seconds, not '$WARMUP'"
[[ $BASE_PORT =~ ^[0-9]+$ ]] && (( BASE_PORT >= 1024 && BASE_PORT < 65000 )) \
  || die "--base-port must be between 1024 and 65000, not '$BASE_PORT'"
[[ $SIZES =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--sizes must be a comma-separated list of positive numbers, not '$SIZES'"
(( PEERS_ONLY )) && SERVERS=nsd,knot,bind

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOL="$HERE/benchtool.py"
KILN=$(realpath -m "${KILN:-$ROOT/kiln}")   # the launcher; override only to test this script with a stand-in

# ------------------------------------------------------------------ JDK 25+
find_java() {
  local j
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64; return 0
  fi
  for j in /usr/lib/jvm/*/; do
    j=${j%/}
    [[ -x $j/bin/java ]] || continue
    local v
    v=$("$j/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
    if [[ $v =~ ^[0-9]+$ ]] && (( v >= 25 )); then echo "$j"; return 0; fi
  done
  return 1
}
JAVA_HOME=$(find_java) || die "no JDK 25 or newer under /usr/lib/jvm (wanted /usr/lib/jvm/temurin-25-jdk-amd64); install one, e.g. Temurin 25"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# ------------------------------------------------------------------ checks
for t in taskset dnsperf python3 getconf ss; do
  command -v "$t" >/dev/null || die "'$t' not found; install it (apt-get install -y dnsperf util-linux python3 iproute2)"
done
(( $(nproc) >= 2 )) || die "needs at least 2 CPUs (server on CPU $SERVER_CPU, dnsperf on CPU $CLIENT_CPU); this machine has $(nproc)"
CLK_TCK=$(getconf CLK_TCK)

declare -A BIN=([nsd]=nsd [knot]=knotd [bind]=named)
declare -A PKG=([nsd]=nsd [knot]=knot [bind]=bind9)
declare -A LABEL=([nsd]=NSD [knot]=Knot [bind]="BIND 9" [kiln-host]="Kiln (host)" [kiln-tap]="Kiln (tap)")
IFS=, read -r -a WANT <<<"$SERVERS"
ACTIVE=()
SKIPPED=()
skip() { SKIPPED+=("$1 ($2)"); say "skipping $1: $2"; }
for s in "${WANT[@]}"; do
  case "$s" in
    nsd|knot|bind)
      if command -v "${BIN[$s]}" >/dev/null || [[ -x /usr/sbin/${BIN[$s]} ]]; then ACTIVE+=("$s")
      else skip "$s" "${BIN[$s]} not installed; apt-get install -y ${PKG[$s]}"; fi ;;
    kiln-host|kiln-tap)
      if [[ ! -x $KILN ]]; then
        skip "$s" "launcher $KILN not found (not merged yet?); use --peers-only to measure the peers alone"
      elif [[ $s == kiln-tap && $(id -u) != 0 ]]; then
        skip "$s" "the tap target needs root (namespace + TAP device)"
      elif [[ $s == kiln-tap && ! -c /dev/net/tun ]]; then
        skip "$s" "/dev/net/tun is missing"
      elif [[ $s == kiln-tap ]] && netns_exists; then
        skip "$s" "namespace $NETNS already exists (someone else's?); pass --netns with another name"
      else ACTIVE+=("$s"); fi ;;
    *) die "unknown server '$s' in --servers (known: nsd,knot,bind,kiln-host,kiln-tap)" ;;
  esac
done
(( ${#ACTIVE[@]} > 0 )) || die "nothing to measure"
export PATH="$PATH:/usr/sbin:/sbin"

# ./kiln builds the project when needed: do that once, up front, so a broken
# build skips the Kiln servers instead of failing at every start.
if [[ " ${ACTIVE[*]} " == *" kiln-"* ]]; then
  say "checking the kiln launcher (it builds the project first if needed; up to $KILN_READY_TIMEOUT s)"
  KILN_CHECK_LOG=$(mktemp /tmp/kiln-dns-bench-check.XXXXXX)
  if ! (cd "$ROOT" && timeout "$KILN_READY_TIMEOUT" "$KILN" --help) >"$KILN_CHECK_LOG" 2>&1; then
    tail -n 8 "$KILN_CHECK_LOG" >&2
    KEEP=()
    for s in "${ACTIVE[@]}"; do
      if [[ $s == kiln-* ]]; then skip "$s" "'$KILN --help' failed (the build or the launcher is broken; output above)"
      else KEEP+=("$s"); fi
    done
    ACTIVE=("${KEEP[@]}")
  fi
  rm -f "$KILN_CHECK_LOG"
  (( ${#ACTIVE[@]} > 0 )) || die "nothing left to measure"
fi

IFS=, read -r -a SIZE_LIST <<<"$SIZES"
RUN_COUNT=$(( ${#SIZE_LIST[@]} * ROUNDS * ${#ACTIVE[@]} ))
KILN_COUNT=0
for s in "${ACTIVE[@]}"; do [[ $s == kiln-* ]] && KILN_COUNT=$(( KILN_COUNT + 1 )); done
say "servers: ${ACTIVE[*]}; sizes: $SIZES; $ROUNDS round(s) of ${WARMUP}+${DURATION} s;" \
    "about $(( (RUN_COUNT * (WARMUP + DURATION + 2) + KILN_COUNT * ${#SIZE_LIST[@]} * JIT_WARMUP + 59) / 60 ))" \
    "to $(( (RUN_COUNT * (WARMUP + DURATION + 8) + KILN_COUNT * ${#SIZE_LIST[@]} * (JIT_WARMUP + 10) + 59) / 60 )) min"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ cleanup
WORK=$(mktemp -d /tmp/kiln-dns-bench.XXXXXX)
STARTED=()        # every PID we started (launchers and servers)
NETNS_OURS=0      # set once we asked kiln to create $NETNS

forget_pid() {    # drop PID from STARTED once it is gone, so a reused PID is never signalled
  local keep=() p
  for p in "${STARTED[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  STARTED=("${keep[@]}")
}

proc_state() {    # one-letter state of PID (Z = zombie), read after the last ')' since comm may hold spaces
  local st
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  st=${st##*) }; echo "${st%% *}"
}

stop_pid() {      # stop_pid PID: TERM, wait up to 10 s, then KILL. Only PIDs we started.
  local pid=$1 i
  [[ " ${STARTED[*]} " == *" $pid "* ]] || return 0
  if ! kill -0 "$pid" 2>/dev/null; then forget_pid "$pid"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 100; i++ )); do
    kill -0 "$pid" 2>/dev/null || break
    # reap it if it is our child, so kill -0 stops seeing a zombie
    if [[ $(proc_state "$pid") == Z ]]; then wait "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null && [[ $(proc_state "$pid") != Z ]]; then
    say "PID $pid did not stop on SIGTERM within 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  local all=("${STARTED[@]}")
  for (( i = ${#all[@]} - 1; i >= 0; i-- )); do stop_pid "${all[$i]}"; done
  if (( NETNS_OURS )) && netns_exists; then
    say "kiln left namespace $NETNS behind; removing it"
    ip netns del "$NETNS" || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ ports
declare -A USED_PORT=()
NEXT_PORT=$BASE_PORT
free_port() {     # prints a port free for UDP and TCP on this machine
  local p
  for (( p = NEXT_PORT; p < BASE_PORT + 200; p++ )); do
    [[ -n ${USED_PORT[$p]:-} ]] && continue
    if [[ -z $(ss -Hlnut "( sport = :$p )" 2>/dev/null) ]]; then
      USED_PORT[$p]=1; NEXT_PORT=$(( p + 1 )); echo "$p"; return 0
    fi
  done
  die "no free port in $BASE_PORT-$(( BASE_PORT + 199 )); pass --base-port"
}

# ------------------------------------------------------------------ servers
# Each start_<server> DIR ZONEFILE sets: SRV_PID (process whose tree is the
# server, for CPU accounting and stopping), SRV_ADDR, SRV_PORT, SRV_NS (netns
# or empty). It returns non-zero (after printing why) when the server won't start.
declare -A S_PID=() S_ADDR=() S_PORT=() S_NS=() S_STOP=() FAILED=()

wait_ready() {    # wait_ready NAME DIR LOG: probe the server; on failure show its log
  local ns=() rc=0
  [[ -n $SRV_NS ]] && ns=(ip netns exec "$SRV_NS")
  "${ns[@]}" python3 "$TOOL" probe "$SRV_ADDR" "$SRV_PORT" "$ORIGIN" 30 || rc=$?
  if (( rc != 0 )); then
    say "$1 did not come up; last lines of $3:"; tail -n 15 "$3" >&2 || true
    return 1
  fi
}

start_nsd() {
  local d=$1 zone=$2 port; port=$(free_port)
  cat >"$d/nsd.conf" <<EOF
server:
    ip-address: 127.0.0.1@$port
    port: $port
    do-ip6: no
    server-count: 1
    rrl-ratelimit: 0
    username: ""
    chroot: ""
    zonesdir: "$d"
    database: ""
    zonelistfile: "$d/zone.list"
    xfrdfile: "$d/xfrd.state"
    xfrdir: "$d"
    pidfile: "$d/nsd.pid"
    logfile: "$d/nsd.log"
    verbosity: 0
remote-control:
    control-enable: no
zone:
    name: "$ORIGIN"
    zonefile: "$zone"
EOF
  taskset -c "$SERVER_CPU" nsd -d -c "$d/nsd.conf" >"$d/out.log" 2>&1 &
  SRV_PID=$!; STARTED+=("$SRV_PID"); S_STOP[nsd]=$SRV_PID
  SRV_ADDR=127.0.0.1; SRV_PORT=$port; SRV_NS=""
  wait_ready nsd "$d" "$d/out.log" || { tail -n 5 "$d/nsd.log" >&2 2>/dev/null || true; return 1; }
}

start_knot() {
  local d=$1 zone=$2 port; port=$(free_port)
  mkdir -p "$d/run" "$d/storage"
  cat >"$d/knot.conf" <<EOF
server:
    rundir: "$d/run"
    listen: 127.0.0.1@$port
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "$d/storage"
control:
    listen: "$d/run/knot.sock"
template:
  - id: default
    storage: "$d/storage"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
zone:
  - domain: $ORIGIN
    file: "$zone"
EOF
  taskset -c "$SERVER_CPU" knotd -c "$d/knot.conf" >"$d/out.log" 2>&1 &
  SRV_PID=$!; STARTED+=("$SRV_PID"); S_STOP[knot]=$SRV_PID
  SRV_ADDR=127.0.0.1; SRV_PORT=$port; SRV_NS=""
  wait_ready knot "$d" "$d/out.log"
}

start_bind() {
  local d=$1 zone=$2 port; port=$(free_port)
  cat >"$d/named.conf" <<EOF
options {
    directory "$d";
    pid-file "$d/named.pid";
    session-keyfile "$d/session.key";
    managed-keys-directory "$d";
    listen-on port $port { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    dnssec-validation no;
    notify no;
    allow-transfer { none; };
};
controls { };
zone "$ORIGIN" {
    type primary;
    file "$zone";
};
EOF
  taskset -c "$SERVER_CPU" named -n 1 -U 1 -f -c "$d/named.conf" >"$d/out.log" 2>&1 &
  SRV_PID=$!; STARTED+=("$SRV_PID"); S_STOP[bind]=$SRV_PID
  SRV_ADDR=127.0.0.1; SRV_PORT=$port; SRV_NS=""
  wait_ready bind "$d" "$d/out.log"
}

# --- Kiln, against the launcher contract in the brief:
#   ./kiln run examples/dns --zone Z --target host --port P
#   ./kiln run examples/dns --zone Z --target tap --netns NS   (serves 192.0.2.2:53)
# The appliance prints a line `pid <PID>` and a line containing `ready in <N> ms`.
# The launcher runs unpinned (it may build); once ready, every thread of the
# appliance is pinned to the server CPU with taskset -a.
kiln_launch() {   # kiln_launch NAME LOG ARGS...: start ./kiln, wait for the banner, set SRV_PID
  local name=$1 log=$2; shift 2
  (cd "$ROOT" && exec "$KILN" run examples/dns "$@") >"$log" 2>&1 &
  local launcher=$!
  STARTED+=("$launcher"); S_STOP[$name]=$launcher
  local deadline=$(( SECONDS + KILN_READY_TIMEOUT ))
  until grep -Eq 'ready in [0-9.]+ ms' "$log" 2>/dev/null; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      say "$name: ./kiln exited before it printed 'ready in N ms'; last lines:"; tail -n 15 "$log" >&2; return 1
    fi
    if (( SECONDS >= deadline )); then
      say "$name: no 'ready in N ms' after $KILN_READY_TIMEOUT s (KILN_READY_TIMEOUT); last lines:"; tail -n 15 "$log" >&2; return 1
    fi
    sleep 0.2
  done
  SRV_PID=$(grep -oE '(^|[^[:alnum:]_])pid:?[[:space:]]+[0-9]+' "$log" | sed -n 1p | grep -oE '[0-9]+$' || true)
  if [[ -z $SRV_PID ]] || ! kill -0 "$SRV_PID" 2>/dev/null; then
    say "$name: the banner has no live 'pid <PID>' line; cannot account its CPU"; tail -n 15 "$log" >&2; return 1
  fi
  [[ $SRV_PID != "$launcher" ]] && STARTED+=("$SRV_PID")
  taskset -a -p -c "$SERVER_CPU" "$SRV_PID" >/dev/null \
    || { say "$name: could not pin PID $SRV_PID to CPU $SERVER_CPU"; return 1; }
  say "$name: appliance PID $SRV_PID, $(grep -oE 'ready in [0-9.]+ ms' "$log" | sed -n 1p)"
}

start_kiln-host() {
  local d=$1 zone=$2 port; port=$(free_port)
  SRV_ADDR=127.0.0.1; SRV_PORT=$port; SRV_NS=""
  kiln_launch kiln-host "$d/out.log" --zone "$zone" --target host --port "$port" || return 1
  wait_ready kiln-host "$d" "$d/out.log"
}

start_kiln-tap() {
  local d=$1 zone=$2
  SRV_ADDR=192.0.2.2; SRV_PORT=53; SRV_NS=$NETNS
  NETNS_OURS=1
  kiln_launch kiln-tap "$d/out.log" --zone "$zone" --target tap --netns "$NETNS" || return 1
  wait_ready kiln-tap "$d" "$d/out.log"
}

stop_server() {   # stop_server NAME: stop what we started for it (launcher first, then the server)
  local s=$1
  [[ -n ${S_STOP[$s]:-} ]] && stop_pid "${S_STOP[$s]}"
  [[ -n ${S_PID[$s]:-} ]] && stop_pid "${S_PID[$s]}"
  unset 'S_STOP[$s]' 'S_PID[$s]'
  if [[ $s == kiln-tap ]] && (( NETNS_OURS )) && netns_exists; then
    say "kiln left namespace $NETNS behind; removing it"
    ip netns del "$NETNS" || true
  fi
}

# ------------------------------------------------------------------ measuring
cpu_ticks() { python3 "$TOOL" cputicks "$1"; }

dnsperf_run() {   # dnsperf_run SERVER QFILE SECONDS OUTFILE [EXTRA dnsperf ARGS...]
  local s=$1 q=$2 secs=$3 out=$4 ns=(); shift 4
  (( RATE > 0 )) && set -- -Q "$RATE" "$@"
  [[ -n ${S_NS[$s]} ]] && ns=(ip netns exec "${S_NS[$s]}")
  "${ns[@]}" taskset -c "$CLIENT_CPU" dnsperf -s "${S_ADDR[$s]}" -p "${S_PORT[$s]}" -d "$q" \
    -T 1 -c 8 -q 200 -l "$secs" "$@" >"$out" 2>&1 || true
}

RUNS="$WORK/runs.tsv"
printf 'size\tround\tserver\tqps\tlatency\tsent\tcompleted\tlost\truntime\tcpu_s\tnxpct\totherpct\tloadavg\n' >"$RUNS"

measure() {       # measure SERVER SIZE ROUND QFILE
  local s=$1 size=$2 round=$3 q=$4 out="$WORK/dnsperf-$1-$2-$3.txt" t0 t1 load
  if (( WARMUP > 0 )); then dnsperf_run "$s" "$q" "$WARMUP" "$WORK/warmup.txt" -t 1; fi
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(cpu_ticks "${S_PID[$s]}") || { say "$s died before run $round"; return 1; }
  dnsperf_run "$s" "$q" "$DURATION" "$out"
  t1=$(cpu_ticks "${S_PID[$s]}") || { say "$s died during run $round"; return 1; }
  local stats
  stats=$(python3 "$TOOL" parse "$out") || { say "$s: dnsperf failed:"; tail -n 5 "$out" >&2; return 1; }
  local sent completed lost runtime qps latency nxpct otherpct
  eval "$stats"    # key=value lines from our own parser (numbers only)
  local cpu_s; cpu_s=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" 'BEGIN { printf "%.3f", (b - a) / hz }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$round" "$s" "$qps" "$latency" \
    "$sent" "$completed" "$lost" "$runtime" "$cpu_s" "$nxpct" "$otherpct" "$load" >>"$RUNS"
  say "  $size names, round $round, ${LABEL[$s]}: $(printf '%.0f' "$qps") qps, lost $lost, server CPU ${cpu_s} s," \
      "$(awk -v c="$completed" -v t="$cpu_s" 'BEGIN { if (t > 0) printf "%.0f", c / t; else print "-" }') queries/CPU-s"
}

# ------------------------------------------------------------------ versions
declare -A VERSION=()
version_of() {
  case "$1" in
    nsd) nsd -v 2>&1 | sed -n 1p ;;
    knot) knotd -V 2>&1 | sed -n 1p ;;
    bind) named -v 2>&1 | sed -n 1p ;;
    kiln-host|kiln-tap)
      echo "kiln $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') on $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 1p)" ;;
  esac
}
for s in "${ACTIVE[@]}"; do VERSION[$s]=$(version_of "$s"); done

# ------------------------------------------------------------------ main loop
for size in "${SIZE_LIST[@]}"; do
  zone="$WORK/zone-$size.db"; qfile="$WORK/queries-$size.txt"
  python3 "$TOOL" gen-zone "$ORIGIN" "$size" "$zone"
  python3 "$TOOL" gen-queries "$ORIGIN" "$size" "$qfile"
  say "zone with $size names: $(wc -l <"$zone") records; starting servers"
  UP=()
  for s in "${ACTIVE[@]}"; do
    if [[ -n ${FAILED[$s]:-} ]]; then say "not retrying ${LABEL[$s]} (it failed to start before)"; continue; fi
    d="$WORK/$s-$size"; mkdir -p "$d"
    if "start_$s" "$d" "$zone"; then
      S_PID[$s]=$SRV_PID; S_ADDR[$s]=$SRV_ADDR; S_PORT[$s]=$SRV_PORT; S_NS[$s]=$SRV_NS
      UP+=("$s")
      say "${LABEL[$s]} up: PID $SRV_PID on ${SRV_NS:+netns $SRV_NS }$SRV_ADDR:$SRV_PORT"
      if [[ $s == kiln-* ]] && (( JIT_WARMUP > 0 )); then
        say "${LABEL[$s]}: $JIT_WARMUP s of unmeasured load for the JIT (--jit-warmup)"
        dnsperf_run "$s" "$qfile" "$JIT_WARMUP" "$WORK/jit-warmup.txt" -t 1
      fi
    else
      SKIPPED+=("$s at $size names (did not start; not retried)"); FAILED[$s]=1
      stop_server "$s"
    fi
  done
  n=${#UP[@]}
  for (( r = 1; r <= ROUNDS; r++ )); do
    for (( k = 0; k < n; k++ )); do        # interleave, rotating who goes first
      s=${UP[$(( (k + r - 1) % n ))]}
      measure "$s" "$size" "$r" "$qfile" || SKIPPED+=("$s at $size names, round $r (failed)")
    done
  done
  for s in "${UP[@]}"; do stop_server "$s"; done
done

# ------------------------------------------------------------------ report
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
[[ -n $OUT ]] || OUT="$ROOT/bench/results/dns-$STAMP.md"
mkdir -p "$(dirname "$OUT")"
SKIP_TEXT=""
for x in "${SKIPPED[@]}"; do SKIP_TEXT+="${SKIP_TEXT:+; }$x"; done
VERS_TSV="$WORK/versions.tsv"; : >"$VERS_TSV"
for s in "${ACTIVE[@]}"; do printf '%s\t%s\n' "$s" "${VERSION[$s]}" >>"$VERS_TSV"; done
python3 - "$WORK/meta.json" "$VERS_TSV" "$SKIP_TEXT" "$COMMAND" "$DURATION" "$WARMUP" "$ROUNDS" "$LOAD_START" "$RATE" "$JIT_WARMUP" <<'EOF'
import json, os, platform, subprocess, sys, time
out, vers, skipped, command, duration, warmup, rounds, load, rate, jit = sys.argv[1:11]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
json.dump({
    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    "nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(), "loadavg": load,
    "versions": dict(l.rstrip("\n").split("\t", 1) for l in open(vers) if l.strip()),
    "dnsperf": subprocess.run(["dpkg-query", "-W", "-f=${Version}", "dnsperf"],
                              capture_output=True, text=True).stdout or "?",
    "duration": int(duration), "rate": int(rate), "jit_warmup": int(jit), "warmup": int(warmup), "rounds": int(rounds),
    "skipped": skipped, "command": command,
}, open(out, "w"))
EOF
python3 "$TOOL" report "$RUNS" "$WORK/meta.json" >"$OUT"
cat "$OUT"
say "report written to $OUT"
exit 0
}
