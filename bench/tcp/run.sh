#!/usr/bin/env bash
# Bulk TCP throughput, both directions: the Kiln bulk appliance (examples/bulk) beside Linux's own
# TCP over the same kind of path, in one run, with one client tool. See bench/README.md.
#
#   bench/tcp/run.sh [--duration S] [--rounds N] [--servers linux,linux-nooff,kiln-tap,kiln-host]
#                    [--warmup S] [--buffer-kib K] [--prefix P] [--out FILE]
set -euo pipefail
{  # parsed whole before it runs: editing the file during a run does not disturb it

DURATION=10
ROUNDS=3
SERVERS=linux,linux-nooff,kiln-tap
WARMUP=3
BUFFER_KIB=1024
PREFIX=kiln-tcpb
OUT=""

usage() {
  cat <<'USAGE'
Usage: bench/tcp/run.sh [options]

  --duration S     seconds per measured transfer (sized from the warm-up's rate; default 10)
  --rounds N       rounds; each runs every server and direction once, order rotating (default 3)
  --servers LIST   any of linux, linux-nooff, kiln-tap, kiln-host (default linux,linux-nooff,kiln-tap)
  --warmup S       seconds of unmeasured transfer per server and direction first (default 3)
  --buffer-kib K   the appliance's per-connection receive and send buffers (default 1024)
  --prefix P       namespace name prefix (default kiln-tcpb); namespaces P-* must not exist
  --out FILE       report (default bench/results/tcp-<UTC date-time>.md)

Servers (the client is always bench's bulkpeer.py, in its own namespace or the TAP's, on CPU 1):
  linux        bulkpeer.py serve in a second namespace, over a veth pair, offloads as Linux sets them
  linux-nooff  the same with checksum/TSO/GSO/GRO offloads off on both veths (what a plain TAP has)
  kiln-tap     the bulk appliance on a TAP device (Kiln's own TCP), sealed, on CPU 0
  kiln-host    the bulk appliance on host sockets over a veth pair (HostStack's overhead)
USAGE
}

declare -A OPT=([duration]=DURATION [rounds]=ROUNDS [servers]=SERVERS [warmup]=WARMUP [buffer-kib]=BUFFER_KIB [prefix]=PREFIX [out]=OUT)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib.sh"
parse_opts "$@"
whole_numbers 1 DURATION ROUNDS WARMUP BUFFER_KIB

source "$ROOT/scripts/java-home.sh"
PEER="$ROOT/examples/bulk/bulkpeer.py"
[[ $(id -u) == 0 ]] || die "needs root (network namespaces, TAP devices)"
for t in ip ethtool taskset python3; do command -v $t >/dev/null || die "'$t' not found (apt-get install iproute2 ethtool util-linux python3)"; done
(( $(nproc) >= 2 )) || die "needs 2 CPUs (server on $SERVER_CPU, client on $CLIENT_CPU)"
OUT=${OUT:-$ROOT/bench/results/tcp-$(date -u +%Y-%m-%dT%H%MZ).md}
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
FACTS=$(machine_facts)
CP=$(bulk_classpath)

# ------------------------------------------------------------------ servers
setup() {  # setup NAME: namespaces + server; sets CLIENT_NS[NAME], or records why it was skipped
  local s=$1 c="$PREFIX-$1-c" v="$PREFIX-$1-s"
  case $s in
    linux|linux-nooff|kiln-host)
      make_ns "$c"; make_ns "$v"
      veth "$c" veth0 192.0.2.1/24 "$v" veth0 192.0.2.2/24
      if [[ $s == linux-nooff ]]; then offloads_off "$c" veth0; offloads_off "$v" veth0; fi
      LINKINFO[$s]="veth pair ($(offload_summary "$c" veth0))"
      if [[ $s == kiln-host ]]; then
        start_appliance "$v" "$WORK/$s.log" "$CP" dev.kiln.examples.bulk.BulkAppliance --target host --listen 192.0.2.2 \
          --buffer-kib "$BUFFER_KIB" $SEAL_FLAG || { SKIPPED+=("$s (did not start; log above)"); return; }
        SERVER_PID[$s]=$APP_PID
      else
        bg "$WORK/$s.log" ip netns exec "$v" taskset -c "$SERVER_CPU" python3 "$PEER" serve 192.0.2.2 9 7 19
        SERVER_PID[$s]=$BG_PID
        wait_line "$WORK/$s.log" serving 20 "$BG_PID" || { cat "$WORK/$s.log" >&2; SKIPPED+=("$s (bulkpeer serve did not start)"); return; }
      fi ;;
    kiln-tap)
      [[ -c /dev/net/tun ]] || { SKIPPED+=("$s (/dev/net/tun missing)"); return; }
      tap_ns "$c"
      if ! start_appliance "$c" "$WORK/$s.log" "$CP" dev.kiln.examples.bulk.BulkAppliance --target tap --tap ktap0 \
          --address 192.0.2.2/24 --buffer-kib "$BUFFER_KIB" $SEAL_FLAG; then
        SKIPPED+=("$s (did not start: $(grep -m1 -E 'appliance: |Exception' "$WORK/$s.log" || echo 'see the log above'))"); return
      fi
      SERVER_PID[$s]=$APP_PID
      LINKINFO[$s]="TAP ktap0 ($(offload_summary "$c" ktap0), as the appliance set them)" ;;
    *) die "unknown server '$s' (known: linux, linux-nooff, kiln-tap, kiln-host)" ;;
  esac
  CLIENT_NS[$s]=$c
  ACTIVE+=("$s")
}
setup_all "$SERVERS"

# transfer SERVER DIRECTION BYTES: one client run; prints "bytes seconds" or fails
transfer() {
  local mode port out
  if [[ $2 == to-server ]]; then mode=sink; port=9; else mode=source; port=19; fi
  out=$(ip netns exec "${CLIENT_NS[$1]}" taskset -c "$CLIENT_CPU" python3 "$PEER" "$mode" 192.0.2.2 $port "$3" \
        --no-hash --timeout $(( DURATION * 6 + 60 ))) || { say "$1 $2 failed: $out"; return 1; }
  python3 - "$out" "$mode" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); got = r.get("sink_count") if sys.argv[2] == "sink" else r.get("received")
if got != r["bytes"]: sys.exit("short transfer: %s" % sys.argv[1])
print(r["bytes"], r["seconds"])
PY
}

# warm-up: also sizes each measured transfer to about DURATION seconds
declare -A SIZE
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
for s in "${ACTIVE[@]}"; do
  for d in to-server from-server; do
    bytes=$(( 50 * 1000 * 1000 )); secs=0
    while :; do  # grow until a transfer lasts WARMUP seconds (JIT and congestion windows warm up meanwhile)
      r=$(transfer "$s" "$d" "$bytes") || { SIZE[$s/$d]=0; break; }
      secs=${r#* }
      if python3 -c "import sys; sys.exit(0 if float('$secs') >= $WARMUP else 1)"; then break; fi
      bytes=$(python3 -c "print(int($bytes * max(2, min(10, $WARMUP / max(float('$secs'), 0.05)))))")
    done
    [[ ${SIZE[$s/$d]:-} == 0 ]] && continue
    SIZE[$s/$d]=$(python3 -c "print(max(10**7, int($bytes * $DURATION / float('$secs'))))")
    say "$s $d: warm-up $bytes bytes in $secs s; measuring ${SIZE[$s/$d]} bytes per run"
  done
done

for (( round = 1; round <= ROUNDS; round++ )); do
  n=${#ACTIVE[@]}
  for (( i = 0; i < n; i++ )); do
    s=${ACTIVE[(i + round - 1) % n]}
    for d in to-server from-server; do
      (( ${SIZE[$s/$d]} > 0 )) || continue
      kill -0 "${SERVER_PID[$s]}" 2>/dev/null || { say "$s died; log: $(tail -5 "$WORK/$s.log")"; SIZE[$s/$d]=0; continue; }
      if r=$(transfer "$s" "$d" "${SIZE[$s/$d]}"); then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$s" "$d" ${r} "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
        say "round $round $s $d: $(python3 -c "a,b='$r'.split(); print('%.1f MB/s' % (int(a)/float(b)/1e6))")"
      fi
    done
  done
done

report --buffer-kib "$BUFFER_KIB"
exit 0
}
