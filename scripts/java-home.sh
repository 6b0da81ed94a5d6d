# Sourced by every Kiln script: points JAVA_HOME at a JDK 25 or newer, or stops with a clear message.
kiln_find_java() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64)
  local d
  for d in /usr/lib/jvm/*; do candidates+=("$d"); done
  for d in "${candidates[@]}"; do
    [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
    local v
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
    if [[ "${v%%.*}" =~ ^[0-9]+$ ]] && (( ${v%%.*} >= 25 )); then
      export JAVA_HOME="$d"
      return 0
    fi
  done
  echo "kiln: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "      Install Temurin 25 (e.g. the temurin-25-jdk package) or set JAVA_HOME to a JDK 25+." >&2
  return 1
}
kiln_find_java || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
