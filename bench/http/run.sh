#!/usr/bin/env bash
# HTTP side by side: the Kiln web appliance (examples/www) beside nginx (one worker) serving the
# same files, wrk from the same client namespace on the other CPU. See bench/README.md.
#
#   bench/http/run.sh [--duration S] [--rounds N] [--servers nginx,nginx-copy,kiln-tap,kiln-host]
#                     [--connections C] [--small-bytes B] [--large-bytes B] [--kiln-from image|jars]
#                     [--prefix P] [--out FILE]
set -euo pipefail
{  # parsed whole before it runs

DURATION=10
ROUNDS=3
SERVERS=nginx,kiln-tap
CONNECTIONS=16
WARMUP=3
SMALL=1024
LARGE=1048576
PREFIX=kiln-httpb
KILN_FROM=image
OUT=""

usage() {
  cat <<'USAGE'
Usage: bench/http/run.sh [options]

  --duration S      seconds per measured wrk run (default 10)
  --rounds N        rounds; each runs every server and file once, order rotating (default 3)
  --servers LIST    any of nginx, nginx-copy, kiln-tap, kiln-host (default nginx,kiln-tap); nginx-copy is
                    nginx with sendfile off (it copies each body byte into the socket, as a TAP write does)
  --connections C   wrk connections (one wrk thread; default 16)
  --warmup S        unmeasured wrk seconds per server and file first (default 3)
  --small-bytes B   size of small.html (default 1024)
  --large-bytes B   size of large.bin (default 1048576)
  --kiln-from W     kiln-tap runs its built image (image: `kiln build` of examples/www with these files as
                    its site, AOT-trained on them, as deployed; default) or the jars (jars: no AOT cache)
  --prefix P        namespace name prefix (default kiln-httpb)
  --out FILE        report (default bench/results/http-<UTC date-time>.md)

nginx (Debian nginx-light): worker_processes 1, config generated into a temp dir, daemon off, on CPU 0,
in its own namespace over a veth pair. Kiln: the web appliance (examples/www) with the same files baked
as its site, sealed, on CPU 0. kiln-tap (its own TCP on a TAP device) runs the image `kiln build` makes
of examples/www's descriptor with these files as site= (its AOT cache trained on them); kiln-host (host
sockets over a veth pair), and kiln-tap with --kiln-from jars, run the jars with the descriptor's
jvm-options=. wrk -t1 -cC --latency runs on CPU 1 in the client namespace.
USAGE
}

declare -A OPT=([duration]=DURATION [rounds]=ROUNDS [servers]=SERVERS [connections]=CONNECTIONS [warmup]=WARMUP [small-bytes]=SMALL [large-bytes]=LARGE [kiln-from]=KILN_FROM [prefix]=PREFIX [out]=OUT)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../tcp/lib.sh"
# The web appliance's own JVM options, as its image bakes them (jvm-options= in examples/www/appliance.properties):
# after the base flags and before KILN_JAVA_OPTS (lib.sh appended those as EXTRA_JVM) and KILN_JVM_OPTS, as in the
# image's launcher, so an operator's options still win.
WWW_DESCRIPTOR="$ROOT/examples/www/appliance.properties"
WWW_JVM=()
[[ -f $WWW_DESCRIPTOR ]] && read -ra WWW_JVM <<<"$(sed -n 's/^[[:space:]]*jvm-options[[:space:]]*=//p' "$WWW_DESCRIPTOR" | head -1)"
base_flags=$(( ${#APPLIANCE_JVM[@]} - ${#EXTRA_JVM[@]} ))
APPLIANCE_JVM=("${APPLIANCE_JVM[@]:0:base_flags}" "${WWW_JVM[@]}" "${APPLIANCE_JVM[@]:base_flags}")
# Extra JVM options for the Kiln appliance (profiling), e.g. KILN_JVM_OPTS='-XX:StartFlightRecording=filename=/tmp/www.jfr'
read -ra EXTRA_JVM <<<"${KILN_JVM_OPTS:-}"
APPLIANCE_JVM+=("${EXTRA_JVM[@]}")
SEAL=--seal  # a profiled appliance runs unsealed: JFR writes chunk files and jcmd attaches, which the seal forbids
[[ -n ${KILN_JVM_OPTS:-} ]] && SEAL=--no-seal
parse_opts "$@"
whole_numbers 1 DURATION ROUNDS CONNECTIONS SMALL LARGE
whole_numbers 0 WARMUP
[[ $KILN_FROM == image || $KILN_FROM == jars ]] || die "--kiln-from must be image or jars, not '$KILN_FROM'"
source "$ROOT/scripts/java-home.sh"
[[ $(id -u) == 0 ]] || die "needs root (network namespaces, TAP devices)"
for t in ip taskset python3 wrk curl sha256sum; do command -v $t >/dev/null || die "'$t' not found (apt-get install iproute2 util-linux python3 wrk curl coreutils)"; done
(( $(nproc) >= 2 )) || die "needs 2 CPUs (server on $SERVER_CPU, client on $CLIENT_CPU)"
OUT=${OUT:-$ROOT/bench/results/http-$(date -u +%Y-%m-%dT%H%MZ).md}
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
FACTS=$(machine_facts)

# ------------------------------------------------------------------ the files, and the baked site
SITE="$WORK/site"
mkdir -p "$SITE"
chmod 755 "$WORK" "$SITE"  # nginx's worker runs as nobody
python3 - "$SITE" "$SMALL" "$LARGE" <<'PY'
import random, sys
d, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(4)
page = ("<!doctype html><title>bench</title><p>" + "kiln " * small)[:small - 1] + "\n"
open(d + "/small.html", "w").write(page)
open(d + "/large.bin", "wb").write(r.randbytes(large))
PY
FILES=(small.html large.bin)

WWW_JAR="$ROOT/examples/www/target/kiln-example-www-0.1.0-SNAPSHOT.jar"
KILN_CP="" KILN_WHY=""
if [[ ! -d $ROOT/examples/www/src ]]; then
  KILN_WHY="examples/www is not in this tree yet (the web appliance is still on its branch)"
else
  if [[ ! -f $WWW_JAR || ! -f $ROOT/site-compiler/target/kiln-site-compiler-0.1.0-SNAPSHOT.jar ]]; then
    say "building examples/www and the site compiler (mvn install -DskipTests)"
    (cd "$ROOT" && mvn -B -q -pl examples/www,site-compiler -am install -DskipTests >"$WORK/build.log" 2>&1) \
      || { tail -20 "$WORK/build.log" >&2; KILN_WHY="the build of examples/www failed"; }
  fi
  if [[ -z $KILN_WHY ]]; then
    # the site compiler checks precompressed X.br files with Google's brotli decoder (a Maven dependency)
    BROTLI_JAR=${MAVEN_REPO:-$HOME/.m2/repository}/org/brotli/dec/0.1.2/dec-0.1.2.jar
    "$JAVA_HOME/bin/java" -cp "$ROOT/site-compiler/target/kiln-site-compiler-0.1.0-SNAPSHOT.jar:$ROOT/http/target/kiln-http-0.1.0-SNAPSHOT.jar:$BROTLI_JAR" \
      dev.kiln.site.compiler.SiteCompiler "$SITE" "$WORK/site.ksite" >&2 || KILN_WHY="the site compiler failed"
    KILN_CP="$WWW_JAR:$ROOT/examples/www/target/lib/*"
  fi
fi
# kiln-tap as deployed: an appliance directory made of examples/www's descriptor, certificate and built jars, with
# these files as its site, and `kiln build` (configure, jlink, shrink, AOT training on the site's files) of it
KILN_IMAGE="" KILN_IMAGE_WHY="" KILN_TAP_HOW=""
if [[ -z $KILN_WHY && $KILN_FROM == image && ,$SERVERS, == *,kiln-tap,* ]]; then
  app="$WORK/www-app"
  mkdir -p "$app/target"
  cp "$ROOT/examples/www/appliance.properties" "$app/"
  cp -r "$ROOT/examples/www/tls" "$SITE" "$app/"
  cp -r "$WWW_JAR" "$ROOT/examples/www/target/lib" "$app/target/"
  say "building the kiln-tap image (kiln build: jlink, shrink, AOT training on the bench's files; about a minute)"
  if "$ROOT/kiln" build "$app" --target tap -o "$WORK/www-image" >"$WORK/image-build.log" 2>&1; then
    KILN_IMAGE="$WORK/www-image"
    trained=$(grep -m1 'trained AOT cache' "$WORK/image-build.log" | sed 's/^ *//')
    say "$trained"
    KILN_TAP_HOW="its image, as \`kiln build\` makes it from examples/www's descriptor with these files as site= ($trained); launcher: \`$(grep -m1 '^exec ' "$KILN_IMAGE/bin/appliance" | sed -e 's/^exec //' -e 's/ -cp .*//' -e "s|$KILN_IMAGE|IMAGE|g")\`"
  else
    tail -20 "$WORK/image-build.log" >&2
    KILN_IMAGE_WHY="kiln build of its image failed (log above)"
  fi
fi

# ------------------------------------------------------------------ servers
# nginx_conf NAME on|off: a config in WORK/NAME; sendfile on (nginx hands page-cache pages to the socket, no
# copy) or off (nginx-copy: it reads the file into its buffers and writes them, a copy into each skb as a TAP makes)
nginx_conf() {
  local d="$WORK/$1"
  mkdir -p "$d"
  cat >"$d/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile $2;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $d/body;
  proxy_temp_path $d/proxy;
  fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi;
  scgi_temp_path $d/scgi;
  server { listen 192.0.2.2:80; root $SITE; }
}
CONF
}
setup() {
  local s=$1 c="$PREFIX-$1-c" v="$PREFIX-$1-s"
  case $s in
    nginx|nginx-copy|kiln-host)
      if [[ $s == nginx* ]] && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then SKIPPED+=("nginx (apt-get install nginx-light)"); return; fi
      if [[ $s == kiln-host && -n $KILN_WHY ]]; then SKIPPED+=("$s ($KILN_WHY)"); return; fi
      make_ns "$c"; make_ns "$v"
      veth "$c" veth0 192.0.2.1/24 "$v" veth0 192.0.2.2/24
      LINKINFO[$s]="veth pair ($(offload_summary "$c" veth0))"
      if [[ $s == nginx* ]]; then
        nginx_conf "$s" "$([[ $s == nginx ]] && echo on || echo off)"
        bg "$WORK/$s.log" ip netns exec "$v" taskset -c "$SERVER_CPU" /usr/sbin/nginx -c "$WORK/$s/nginx.conf" -p "$WORK/$s"
        SERVER_PID[$s]=$BG_PID
      else
        start_appliance "$v" "$WORK/$s.log" "$KILN_CP" dev.kiln.examples.www.WwwAppliance --site "$WORK/site.ksite" \
          --target host --listen 192.0.2.2:80 --no-access-log $SEAL || { SKIPPED+=("$s (did not start)"); return; }
        SERVER_PID[$s]=$APP_PID
      fi ;;
    kiln-tap)
      if [[ -n $KILN_WHY$KILN_IMAGE_WHY ]]; then SKIPPED+=("$s ($KILN_WHY$KILN_IMAGE_WHY)"); return; fi
      tap_ns "$c"
      if [[ -n $KILN_IMAGE ]]; then
        start_image "$c" "$WORK/$s.log" "$KILN_IMAGE" --tap ktap0 --address 192.0.2.2/24 --port 80 --no-access-log $SEAL \
          || { SKIPPED+=("$s (did not start: $(grep -m1 -E 'appliance: |Exception' "$WORK/$s.log" || echo 'log above'))"); return; }
      else
        start_appliance "$c" "$WORK/$s.log" "$KILN_CP" dev.kiln.examples.www.WwwAppliance --site "$WORK/site.ksite" \
          --target tap --tap ktap0 --address 192.0.2.2/24 --port 80 --no-access-log $SEAL \
          || { SKIPPED+=("$s (did not start: $(grep -m1 -E 'appliance: |Exception' "$WORK/$s.log" || echo 'log above'))"); return; }
      fi
      SERVER_PID[$s]=$APP_PID
      LINKINFO[$s]="TAP ktap0 ($(offload_summary "$c" ktap0), as the appliance set them)" ;;
    *) die "unknown server '$s' (known: nginx, nginx-copy, kiln-tap, kiln-host)" ;;
  esac
  # ready and right: every file comes back byte for byte (30 s at most)
  local f i ok
  for f in "${FILES[@]}"; do
    ok=0
    for (( i = 0; i < 60; i++ )); do
      if [[ $(ip netns exec "$c" curl -fsS --max-time 5 "http://192.0.2.2/$f" 2>/dev/null | sha256sum) == "$(sha256sum <"$SITE/$f")" ]]; then ok=1; break; fi
      kill -0 "${SERVER_PID[$s]}" 2>/dev/null || break
      sleep 0.5
    done
    (( ok )) || { tail -5 "$WORK/$s.log" >&2; SKIPPED+=("$s (did not serve /$f byte for byte)"); stop_pid "${SERVER_PID[$s]}"; return; }
  done
  CLIENT_NS[$s]=$c
  ACTIVE+=("$s")
}
setup_all "$SERVERS"

# wrk SERVER FILE SECONDS: one run, its output in a file; prints the file name
wrk_run() {
  local out="$WORK/wrk.$1.$2.$RANDOM.txt"
  ip netns exec "${CLIENT_NS[$1]}" taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"$3"s --timeout 5s --latency \
    "http://192.0.2.2/$2" >"$out" 2>&1 || say "wrk against $1 /$2 failed: $(tail -3 "$out")"
  echo "$out"
}

if (( WARMUP > 0 )); then
  for s in "${ACTIVE[@]}"; do for f in "${FILES[@]}"; do say "warm-up $s /$f"; wrk_run "$s" "$f" "$WARMUP" >/dev/null; done; done
fi
RESULTS="$WORK/results.tsv"
declare -A DIED=()
: >"$RESULTS"
for (( round = 1; round <= ROUNDS; round++ )); do
  n=${#ACTIVE[@]}
  for (( i = 0; i < n; i++ )); do
    s=${ACTIVE[(i + round - 1) % n]}
    for f in "${FILES[@]}"; do
      if ! kill -0 "${SERVER_PID[$s]}" 2>/dev/null; then
        if [[ -z ${DIED[$s]:-} ]]; then # keep its log beside the report: the work directory goes at exit
          DIED[$s]="${OUT%.md}-$s-died.log"
          mkdir -p "$(dirname "$OUT")"; cp "$WORK/$s.log" "${DIED[$s]}" 2>/dev/null || true
          SKIPPED+=("$s (died before round $round, $f; its log: ${DIED[$s]})")
        fi
        say "$s died: $(tail -3 "$WORK/$s.log")"
        continue
      fi
      o=$(wrk_run "$s" "$f" "$DURATION")
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$s" "$f" "$o" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
      say "round $round $s /$f: $(grep -E '^Requests/sec' "$o" || echo 'no result')"
    done
  done
done

report --connections "$CONNECTIONS" --sizes "small.html=$SMALL;large.bin=$LARGE" \
  --appliance-jvm="${APPLIANCE_JVM[*]}" --www-jvm-options="${WWW_JVM[*]}" --kiln-tap-how="$KILN_TAP_HOW"  # "=": values start with "-"
exit 0
}
