#!/usr/bin/env bash
# Size of the Kiln DNS appliance image beside a conventional Debian DNS appliance (bind9, nsd),
# issue 3 §6. A measurement, not a test. Method: bench/size/README.md.
#
#   bench/size/run.sh                  build the DNS image (AOT cache, xz -9e: several minutes), then measure
#   bench/size/run.sh --image DIR      measure an image built before (DIR and DIR.tar.xz)
#   bench/size/run.sh --xz 6           build with another xz preset (faster, a bit bigger)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/scripts/java-home.sh"
HERE="$ROOT/bench/size"
IMAGE="" XZ=9e
while [[ $# -gt 0 ]]; do
  case "$1" in
    --image) IMAGE=$2; shift 2 ;;
    --xz) XZ=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v apt-cache >/dev/null || { echo "run.sh: needs Debian's apt-cache (the conventional side is read from apt's lists)" >&2; exit 1; }

if [[ -z "$IMAGE" ]]; then
  TMP=$(mktemp -d /tmp/kiln-size.XXXXXX)
  trap 'rm -rf "$TMP"' EXIT
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl examples/dns,build -am >"$TMP/mvn.log" 2>&1) \
    || { tail -30 "$TMP/mvn.log" >&2; echo "run.sh: the build failed" >&2; exit 1; }
  (cd "$ROOT" && mvn -B -q -pl build dependency:build-classpath -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=runtime >/dev/null)
  "$ROOT/kiln" bake --zone "$ROOT/examples/dns/zones/example.com.zone" -o "$TMP/zones.kzone" >/dev/null
  APP="$ROOT/examples/dns/target/kiln-example-dns-0.1.0-SNAPSHOT.jar:$(ls "$ROOT"/examples/dns/target/lib/*.jar | paste -sd:)"
  IMAGE="$TMP/dns"
  echo "building the DNS image (xz -$XZ; with the AOT training run this takes minutes)..." >&2
  "$JAVA_HOME/bin/java" -cp "$ROOT/build/target/kiln-build-0.1.0-SNAPSHOT.jar:$(cat "$TMP/cp.txt")" dev.kiln.build.Main build \
    --cp "$APP" --main dev.kiln.examples.dns.DnsAppliance --data "$TMP/zones.kzone" --out "$IMAGE" --seed 42 --xz "$XZ" >&2
fi
[[ -f "$IMAGE/manifest.properties" && -f "$IMAGE.tar.xz" ]] \
  || { echo "run.sh: $IMAGE is not an image directory with $IMAGE.tar.xz beside it" >&2; exit 1; }

export CLOSURE_CACHE; CLOSURE_CACHE=$(mktemp /tmp/kiln-size-apt.XXXXXX); rm -f "$CLOSURE_CACHE"
trap 'rm -rf "${TMP:-}" "$CLOSURE_CACHE"' EXIT
files() { find "$@" -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s+0}'; } # regular files, not symlinks
mb() { awk -v b="$1" 'BEGIN {printf "%.2f", b/1e6}'; }
row() { printf '| %-58s | %8s | %10s | %10s |\n' "$1" "$2" "$3" "$4"; }
deb() { # label, then closure.py arguments: one row from "PACKAGES KIB DEB_BYTES"
  local label=$1; shift
  read -r n kib debs < <(python3 "$HERE/closure.py" "$@")
  row "$label" "$n" "$(mb $((kib * 1024)))" "$(mb "$debs")"
}

shipped=$(stat -c %s "$IMAGE.tar.xz")
unpacked=$(files "$IMAGE")
app=$(files "$IMAGE/app") data=$(files "$IMAGE/data")
aot=$(files "$IMAGE/app.aot") runtime=$(files "$IMAGE/runtime")
echo "# Size: Kiln DNS appliance vs. a conventional Debian DNS appliance"
echo
echo "Kiln image: $IMAGE ($(grep -E '^(shrink|jdk.modules)=' "$IMAGE/manifest.properties" | paste -sd' '))"
echo "Debian: $(. /etc/os-release && echo "$PRETTY_NAME"), apt lists of $(date -u -r /var/lib/apt/lists +%F 2>/dev/null || echo '?')"
echo "MB = 10^6 bytes. Debian: Installed-Size (KiB) x 1024 unpacked; .deb sizes summed as shipped."
echo
row "what" "packages" "unpacked MB" "shipped MB"
row "---" "---:" "---:" "---:"
row "**Kiln DNS image** (runtime + app + data + AOT cache)" "1" "$(mb "$unpacked")" "$(mb "$shipped")"
row "  runtime (jlink: $(sed -n 's/^jdk.modules=//p' "$IMAGE/manifest.properties"))" "" "$(mb "$runtime")" ""
row "  AOT cache" "" "$(mb "$aot")" ""
row "  appliance-specific: app + Kiln libraries + baked data" "" "$(mb $((app + data)))" ""
deb "nsd alone (the server's own package)" --no-deps nsd
deb "bind9 alone (bind9 + bind9-libs + bind9-utils)" --no-deps bind9 bind9-libs bind9-utils
deb "**nsd** + dependency closure" nsd
deb "  nsd closure beyond the Debian base" --minus-base nsd
deb "**bind9** + dependency closure" bind9
deb "  bind9 closure beyond the Debian base" --minus-base bind9
deb "Debian base (Priority: required + apt = debootstrap minbase)" BASE
deb "  + kernel + init (linux-image-amd64, systemd-sysv)" BASE linux-image-amd64 systemd-sysv
deb "**conventional VM appliance: base + kernel + init + nsd**" BASE linux-image-amd64 systemd-sysv nsd
deb "**conventional VM appliance: base + kernel + init + bind9**" BASE linux-image-amd64 systemd-sysv bind9
