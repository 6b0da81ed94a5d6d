#!/usr/bin/env bash
# bench/tcp/sink-cpu.sh TREE [BYTES] [REPS]: the sink direction only (Linux → the bulk appliance of TREE over
# a TAP, as bench/tcp/run.sh's kiln-tap), reporting per transfer MB/s and the appliance's CPU seconds per GB
# (utime + stime from /proc/PID/stat around the transfer), then the appliance's frame counters (ACKs sent
# per frame received). TREE is a checkout with examples/bulk built; compare two trees back to back. Root.
set -euo pipefail
TREE=$1; BYTES=${2:-2000000000}; REPS=${3:-3}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
source "$TREE/bench/tcp/lib.sh"
trap cleanup EXIT
PREFIX=krecv-$$
NS=$PREFIX-c
tap_ns "$NS"
CP="$TREE/examples/bulk/target/kiln-example-bulk-0.1.0-SNAPSHOT.jar:$TREE/examples/bulk/target/lib/*"
start_appliance "$NS" "$WORK/app.log" "$CP" dev.kiln.examples.bulk.BulkAppliance --target tap --tap ktap0 --address 192.0.2.2/24 --buffer-kib 1024 ${SEAL_FLAG} || exit 1
JPID=$(pgrep -P "$APP_PID" java || echo "$APP_PID")
cpu() { awk '{print $14+$15}' /proc/$JPID/stat; }
peer() { ip netns exec "$NS" taskset -c 1 python3 "$TREE/examples/bulk/bulkpeer.py" sink 192.0.2.2 9 "$1" --no-hash --timeout 300; }
peer 300000000 >/dev/null  # warm-up
for i in $(seq "$REPS"); do
  c0=$(cpu); out=$(peer "$BYTES"); c1=$(cpu)
  python3 - "$out" "$c0" "$c1" <<'PY'
import json,sys,os
r=json.loads(sys.argv[1]); hz=os.sysconf('SC_CLK_TCK'); cpu=(int(sys.argv[3])-int(sys.argv[2]))/hz
print("%.0f MB/s  %.2f CPU-s/GB  (%d bytes, %.2f s, cpu %.2f s) load %s" % (r["bytes"]/r["seconds"]/1e6, cpu/(r["bytes"]/1e9), r["bytes"], r["seconds"], cpu, open('/proc/loadavg').read().split()[0]))
PY
done
stop_pid "$APP_PID"
grep -E "tcp|frames|tap" "$WORK/app.log" | grep -v " 0$" | tail -40 || true
