#!/usr/bin/env bash
# Boot time of a Kiln appliance image: exec -> first DNS answer (a DNS image) or first HTTP answer
# (a web image: GET /healthz over TCP), on the tap target, over N boots per configuration
# (min / median / max). Needs root (a network namespace and a TAP device); the namespace is
# removed on exit, also on failure or Ctrl-C.
#
#   sudo bench/boot/run.sh --image DIR [--boots 20] [--only REGEX] [--extra "LABEL=JVM FLAGS"]...
#
# DIR is an image built for the tap target (kiln build --target tap, or
# dev.kiln.build.Main build --target tap). Configurations: without the AOT cache, with it,
# with it and C1 only, sealed and not, and the same image on the host target (127.0.0.1).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE= BOOTS=20 ONLY=. EXTRA=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --image) IMAGE=$(cd "$2" && pwd); shift 2 ;;
    --boots) BOOTS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --extra) EXTRA+=("$2"); shift 2 ;;  # "LABEL=JVM FLAGS": one more sealed tap row with those flags
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $IMAGE && -x $IMAGE/bin/appliance ]] || { echo "give --image DIR: an image directory with bin/appliance" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "needs root (network namespace + TAP device): sudo $0 $*" >&2; exit 2; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 2; }
grep -q '^target=tap$' "$IMAGE/manifest.properties" || echo "note: $IMAGE is not a tap image; the tap rows boot it with --target tap (an image with a generated host main refuses)" >&2

NS=kiln-boot-$$ TAP=kboot0
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" tuntap add dev "$TAP" mode tap
ip -n "$NS" addr add 192.0.2.1/24 dev "$TAP"
ip -n "$NS" link set "$TAP" up
# Resolve the appliance's MAC as fast as we probe: an ARP request every millisecond (the
# kernel default waits 1 s between tries), and accept its gratuitous ARP at start.
ip netns exec "$NS" sysctl -qw net.ipv4.neigh.$TAP.retrans_time_ms=1 net.ipv4.neigh.$TAP.mcast_solicit=100000 \
  net.ipv4.neigh.$TAP.app_solicit=0 net.ipv4.conf.$TAP.arp_accept=1

# What "answered" means: a DNS answer to NAME SOA on UDP, or for a web image (it bakes a site) the
# first bytes of an HTTP answer to GET /healthz on TCP port 80 (8080 on the host target).
if grep -q '^data.option=--site$' "$IMAGE/manifest.properties"; then
  KIND=web ANSWER="first HTTP answer (GET /healthz over TCP)" PROBE=(--http /healthz --port 80) HOSTPORT=8080
else
  KIND=dns ANSWER="first DNS answer" PROBE=() HOSTPORT=5353
fi
echo "# exec -> $ANSWER, $BOOTS boots each; $KIND image $IMAGE"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
TAPARGS=(--target tap --tap "$TAP" --address 192.0.2.2/24 --gateway 192.0.2.1)
row() { # label, env..., -- args...
  local label=$1; shift  # then KEY=VALUE for the appliance's environment, @ADDR to probe ADDR:HOSTPORT
  [[ $label =~ $ONLY ]] || return 0
  local envs=("${PROBE[@]}")
  while [[ $1 != -- ]]; do
    if [[ $1 == @* ]]; then envs+=(--server "${1#@}" --port "$HOSTPORT"); else envs+=(--env "$1"); fi
    shift
  done
  shift
  ip netns exec "$NS" python3 "$HERE/bootprobe.py" --label "$label" --boots "$BOOTS" "${envs[@]}" -- "$@"
}
A=$IMAGE/bin/appliance
# The floor: the image's JVM with the appliance's flags and AOT cache, doing nothing (java -version).
read -r -a FLAGS <<<"$(sed -n 's/^jvm.flags=//p' "$IMAGE/manifest.properties")"
if [[ "floor" =~ $ONLY ]]; then
  ip netns exec "$NS" python3 "$HERE/bootprobe.py" --label "floor: java -version, same flags+AOT" --boots "$BOOTS" --until-exit -- \
    "$IMAGE/runtime/bin/java" "${FLAGS[@]}" -XX:AOTCache="$IMAGE/app.aot" -Xlog:aot=off -Xlog:cds=off -version
fi
row "tap, no AOT cache, sealed"        KILN_AOT=off -- "$A" "${TAPARGS[@]}" --seal
row "tap, AOT cache, sealed"           KILN_AOT=on  -- "$A" "${TAPARGS[@]}" --seal
row "tap, AOT cache, not sealed"       KILN_AOT=on  -- "$A" "${TAPARGS[@]}"
row "tap, AOT cache, C1 only, sealed"  KILN_AOT=on KILN_JAVA_OPTS=-XX:TieredStopAtLevel=1 -- "$A" "${TAPARGS[@]}" --seal
row "tap, AOT cache, sealed, traced"   KILN_AOT=on KILN_JAVA_OPTS=-Dkiln.boot.trace=true -- "$A" "${TAPARGS[@]}" --seal
for x in "${EXTRA[@]}"; do
  row "tap, AOT cache, sealed, ${x%%=*}" KILN_AOT=on "KILN_JAVA_OPTS=${x#*=}" -- "$A" "${TAPARGS[@]}" --seal
done
if grep -q '^target=host$' "$IMAGE/manifest.properties"; then
  row "host, AOT cache, sealed"        KILN_AOT=on @127.0.0.1 -- "$A" --target host --listen "127.0.0.1:$HOSTPORT" --seal
fi
