# Sourced by bench/tcp/run.sh and bench/http/run.sh: namespaces, our own processes, pinning, the
# bulk appliance's class path, and the machine facts a report carries. Everything started here is
# stopped by PID and every namespace made here is removed on exit (also on Ctrl-C / SIGTERM).
SERVER_CPU=0
CLIENT_CPU=1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d /tmp/kiln-bench.XXXXXX)
STARTED=()   # PIDs we started
MADE_NS=()   # namespaces we created

# parse_opts ARGS...: --NAME VALUE sets the variable OPT[NAME] names (each script declares OPT and usage);
# -h/--help prints usage. Sets COMMAND to the command line, for the report.
parse_opts() {
  COMMAND="bench/$(basename "$(dirname "$0")")/run.sh $*"
  while [[ $# -gt 0 ]]; do
    local name=${1#--}
    if [[ $1 == -h || $1 == --help ]]; then usage; exit 0; fi
    if [[ $1 != --* || -z ${OPT[$name]:-} ]]; then usage >&2; die "unknown option '$1'"; fi
    [[ $# -ge 2 ]] || die "$1 needs a value"
    printf -v "${OPT[$name]}" '%s' "$2"
    shift 2
  done
}

# whole_numbers MIN VAR...: each VAR must be a whole number >= MIN (0 or 1)
whole_numbers() {
  local min=$1 v; shift
  for v in "$@"; do
    [[ ${!v} =~ ^[0-9]+$ ]] && (( ${!v} >= min )) || die "the value of ${v,,} must be a whole number >= $min, not '${!v}'"
  done
}

# The servers of a run: setup_all LIST calls the script's `setup NAME` for each, which either fills
# CLIENT_NS[NAME] (where the client runs), SERVER_PID[NAME], LINKINFO[NAME] and appends to ACTIVE, or
# appends "NAME (why)" to SKIPPED.
declare -A CLIENT_NS SERVER_PID LINKINFO
ACTIVE=(); SKIPPED=()
setup_all() {
  local s
  IFS=, read -r -a WANT <<<"$1"
  for s in "${WANT[@]}"; do say "setting up $s"; setup "$s"; done
  (( ${#ACTIVE[@]} )) || die "nothing to measure: ${SKIPPED[*]}"
}

# report ARGS...: the script's report.py over RESULTS with the run's facts; to stdout and OUT
report() {
  local links="" s
  for s in "${ACTIVE[@]}"; do links+="$s=${LINKINFO[$s]};"; done
  mkdir -p "$(dirname "$OUT")"
  python3 "$HERE/report.py" "$RESULTS" --command "$COMMAND" --date "$DATE" --facts "$FACTS" --links "$links" \
    --skipped "$(IFS=';'; echo "${SKIPPED[*]:-}")" "$@" | tee "$OUT"
  say "report: $OUT"
}

say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "$(basename "$0"): $*" >&2; exit 1; }

ns_exists() { ip netns list 2>/dev/null | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }

# bg LOG CMD...: starts CMD in the background, output to LOG; sets BG_PID. Only these PIDs are ever signalled.
bg() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  BG_PID=$!
  STARTED+=("$BG_PID")
}

stop_pid() {  # TERM, up to 10 s, then KILL; only a PID we started
  local pid=$1 i
  [[ " ${STARTED[*]} " == *" $pid "* ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for (( i = 0; i < 100; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local i
  for (( i = ${#STARTED[@]} - 1; i >= 0; i-- )); do stop_pid "${STARTED[i]}"; done
  for n in "${MADE_NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make_ns NAME: a fresh namespace (refuses one that exists: it may be someone else's), lo up, no IPv6 chatter
make_ns() {
  ns_exists "$1" && die "namespace $1 already exists (someone else's?); remove it or pass another --prefix"
  ip netns add "$1" || die "cannot create namespace $1 (root needed)"
  MADE_NS+=("$1")
  ip -n "$1" link set lo up
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# veth NS_A DEV_A ADDR_A/P NS_B DEV_B ADDR_B/P
veth() {
  ip -n "$1" link add "$2" type veth peer name "$5" netns "$4"
  ip -n "$1" addr add "$3" dev "$2"; ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up; ip -n "$4" link set "$5" up
}

# offloads_off NS DEV: checksum, TSO/GSO/GRO off (a TAP without a virtio-net header has none of them)
offloads_off() { ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 || die "ethtool -K $2 failed (apt-get install ethtool)"; }

# offload_summary NS DEV: "tso on, gso on, gro on, tx-csum on"
offload_summary() {
  ip netns exec "$1" ethtool -k "$2" 2>/dev/null | awk -F': ' '
    /^tcp-segmentation-offload/ {t=$2} /^generic-segmentation-offload/ {g=$2} /^generic-receive-offload/ {r=$2} /^tx-checksumming/ {c=$2}
    END { printf "tso %s, gso %s, gro %s, tx-csum %s", t, g, r, c }' | sed 's/ \[fixed\]//g'
}

# tap_ns NS: a namespace with TAP ktap0 at 192.0.2.1/24 (the appliance takes 192.0.2.2)
tap_ns() {
  make_ns "$1"
  ip -n "$1" tuntap add dev ktap0 mode tap
  ip -n "$1" addr add 192.0.2.1/24 dev ktap0
  ip -n "$1" link set ktap0 up
}

# wait_line LOG REGEX SECONDS PID: waits for REGEX in LOG while PID lives
wait_line() {
  local i
  for (( i = 0; i < $3 * 10; i++ )); do
    grep -Eq "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# The bulk appliance: built if its jar is missing (mvn -o -q -pl examples/bulk -am install -DskipTests).
bulk_classpath() {
  local jar="$ROOT/examples/bulk/target/kiln-example-bulk-0.1.0-SNAPSHOT.jar"
  if [[ ! -f $jar || ! -d $ROOT/examples/bulk/target/lib ]]; then
    say "building examples/bulk (mvn install -DskipTests -pl examples/bulk -am)"
    (cd "$ROOT" && mvn -B -q -pl examples/bulk -am install -DskipTests >"$WORK/build.log" 2>&1) \
      || { tail -20 "$WORK/build.log" >&2; die "the build of examples/bulk failed"; }
  fi
  echo "$jar:$ROOT/examples/bulk/target/lib/*"
}

# The JVM flags a sealed appliance runs with (as the interop tests and kiln run use).
APPLIANCE_JVM=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx512m -XX:-UsePerfData
               -XX:ReservedCodeCacheSize=64m -XX:InitialCodeCacheSize=64m)
# KILN_JAVA_OPTS: extra JVM options for the appliance, e.g. a JFR recording (see bench/tcp/PROFILE.md)
read -r -a EXTRA_JVM <<<"${KILN_JAVA_OPTS:-}"
APPLIANCE_JVM+=("${EXTRA_JVM[@]}")
# KILN_NO_SEAL=1: start the appliance without --seal (a sealed appliance cannot write a JFR recording)
SEAL_FLAG=--seal; [[ ${KILN_NO_SEAL:-} == 1 ]] && SEAL_FLAG=

# start_appliance NS LOG CLASSPATH MAIN ARGS...: starts it unpinned (the JVM's ergonomics see every CPU), waits for
# 'ready in', then pins every thread to SERVER_CPU; sets APP_PID, or returns 1 (log tail printed).
start_appliance() {
  local ns=$1 log=$2 cp=$3; shift 3
  bg "$log" ip netns exec "$ns" "$JAVA_HOME/bin/java" "${APPLIANCE_JVM[@]}" -cp "$cp" "$@"
  await_ready "$log"
}

# await_ready LOG: waits for APP_PID's 'ready in' line, then pins its threads to SERVER_CPU; or stops it and returns 1
await_ready() {
  APP_PID=$BG_PID
  if ! wait_line "$1" 'ready in ' 120 "$APP_PID"; then
    tail -n 15 "$1" >&2
    stop_pid "$APP_PID"
    return 1
  fi
  taskset -a -p -c "$SERVER_CPU" "$APP_PID" >/dev/null
}

# start_image NS LOG IMAGE ARGS...: boots a built image's launcher (its own JVM flags and AOT cache; KILN_JAVA_OPTS and
# KILN_JVM_OPTS added after them), waits for 'ready in', then pins every thread to SERVER_CPU; sets APP_PID, or returns 1.
start_image() {
  local ns=$1 log=$2 image=$3; shift 3
  bg "$log" ip netns exec "$ns" env KILN_JAVA_OPTS="${KILN_JAVA_OPTS:-} ${KILN_JVM_OPTS:-}" "$image/bin/appliance" "$@"
  await_ready "$log"
}

machine_facts() {
  echo "- Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
  echo "- Java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Pinning: server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU (taskset)"
}
