#!/usr/bin/env bash
# A stand-in for ./kiln, ONLY to test run.sh's Kiln code path before the real
# launcher exists. It follows the launcher contract for `run examples/dns`:
#   fake-kiln.sh run examples/dns --zone Z --target host --port P
#   fake-kiln.sh run examples/dns --zone Z --target tap --netns NS
# but serves the zone with NSD (on 127.0.0.1:P, or on 192.0.2.2:53 on the loopback
# interface inside namespace NS, which it creates and removes). It prints
# `pid <PID>` and `ready in <N> ms` like the appliance, and stops on SIGTERM.
#
#   KILN=bench/dns/testing/fake-kiln.sh bench/dns/run.sh --servers nsd,kiln-host,kiln-tap \
#     --sizes 100 --rounds 1 --duration 2 --warmup 1
set -euo pipefail
[[ ${1:-} == --help ]] && { echo "fake-kiln: stand-in for ./kiln run examples/dns (serves with NSD)"; exit 0; }
[[ ${1:-} == run && ${2:-} == examples/dns ]] || { echo "fake-kiln: only 'run examples/dns …'" >&2; exit 2; }
shift 2
zone="" target="" port=5353 netns=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --zone) zone=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --netns) netns=$2; shift 2 ;;
    *) echo "fake-kiln: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f $zone ]] || { echo "fake-kiln: --zone FILE needed" >&2; exit 2; }
start_ms=$(date +%s%3N)
server="" made_ns=0
cleanup() {
  trap - EXIT TERM INT
  if [[ -n $server ]]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if (( made_ns )); then ip netns del "$netns" 2>/dev/null || true; fi
  [[ -n ${d:-} ]] && rm -rf "$d"
  echo "fake-kiln: stopped"
}
trap cleanup EXIT
trap 'exit 0' TERM INT
d=$(mktemp -d /tmp/fake-kiln.XXXXXX)
ns=()
addr=127.0.0.1
if [[ $target == tap ]]; then
  [[ -n $netns ]] || { echo "fake-kiln: --netns NS needed for tap" >&2; exit 2; }
  ip netns add "$netns"; made_ns=1
  ns=(ip netns exec "$netns")
  ip -n "$netns" link set lo up
  ip -n "$netns" addr add 192.0.2.2/24 dev lo
  addr=192.0.2.2 port=53
fi
cat >"$d/nsd.conf" <<EOF
server:
    ip-address: $addr@$port
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
remote-control:
    control-enable: no
zone:
    name: "bench.example"
    zonefile: "$zone"
EOF
"${ns[@]}" nsd -d -c "$d/nsd.conf" &
server=$!
"${ns[@]}" python3 "$(dirname "$0")/../benchtool.py" probe "$addr" "$port" bench.example 20
echo "fake kiln appliance (NSD underneath)"
echo "  pid      $server"
echo "  ready in $(( $(date +%s%3N) - start_ms )).0 ms (exec to serving)"
wait "$server"
