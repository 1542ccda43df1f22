#!/usr/bin/env bash
# Finds a JDK 21+ and exports JAVA_HOME and PATH. Sourced by the other scripts;
# run on its own it only prints what it picked: `bash scripts/java-home.sh`.
#
# Order: $JAVA_HOME if recent enough, else the newest JDK under /usr/lib/jvm, else
# `java` on PATH. PATH comes last because the default `java` of many distributions
# is still 17 while a newer JDK sits next to it.
set -euo pipefail

daisi_min_java=21
daisi_seen=()   # "where: version" of every candidate, for the error message
daisi_home=

# The quoted version of a java binary: "17.0.15", "21", "25.0.1", "1.8.0_392".
daisi_java_version() {
  local out
  out=$("$1" -version 2>&1) || return 0
  sed -n 's/^[^"]*version "\([^"]*\)".*/\1/p' <<<"$out" | head -n 1
}

# Major of such a version: the pre-9 scheme puts it second ("1.8.0_392" is 8).
daisi_java_major() {
  local v=$1
  [[ $v == 1.* ]] && v=${v#1.}
  v=${v%%[^0-9]*}
  echo "${v:-0}"
}

# Succeeds if $1 is a Java home whose java is recent enough; notes it either way.
daisi_usable() {
  local home=$1 label=${2:-$1} v
  if [[ ! -x $home/bin/java ]]; then
    daisi_seen+=("$label: no bin/java")
    return 1
  fi
  v=$(daisi_java_version "$home/bin/java")
  daisi_seen+=("$label: ${v:-version unknown}")
  (( $(daisi_java_major "$v") >= daisi_min_java ))
}

# Newest JDK under /usr/lib/jvm; it must have javac, as Maven compiles in-process.
daisi_pick_system_jdk() {
  local home best_version="" v
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    [[ -x $home/bin/javac ]] || continue
    daisi_usable "$home" || continue
    v=$(daisi_java_version "$home/bin/java")
    if [[ -z $best_version || $(printf '%s\n%s\n' "$best_version" "$v" | sort -V | tail -n 1) == "$v" ]]; then
      best_version=$v
      daisi_home=$home
    fi
  done
  [[ -n $daisi_home ]]
}

daisi_pick_path_java() {
  local java home
  java=$(command -v java) || return 1
  home=$(dirname "$(dirname "$(readlink -f "$java")")")
  daisi_usable "$home" "java on PATH ($java)" && daisi_home=$home
}

daisi_no_jdk() {
  local seen
  {
    echo "error: daisi-ws needs a JDK $daisi_min_java or newer, and none was found."
    echo "  looked at \$JAVA_HOME, the JDKs under /usr/lib/jvm and java on PATH; found:"
    for seen in "${daisi_seen[@]}"; do echo "    $seen"; done
    [[ ${#daisi_seen[@]} -gt 0 ]] || echo "    no Java at all"
    echo "  install a JDK $daisi_min_java+, for example:"
    echo "    Debian 13, Ubuntu 24.04: sudo apt-get install openjdk-21-jdk-headless"
    echo "    older releases: Temurin, https://adoptium.net/installation/linux/ (temurin-21-jdk)"
    echo "  then re-run, or point JAVA_HOME at it."
  } >&2
}

if [[ -n ${JAVA_HOME:-} ]] && daisi_usable "$JAVA_HOME" "JAVA_HOME=$JAVA_HOME"; then
  daisi_home=$JAVA_HOME
elif ! daisi_pick_system_jdk && ! daisi_pick_path_java; then
  daisi_no_jdk
  # Sourced, return lets the caller stop (it runs with set -e); run on its own, exit.
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi

if [[ -n ${JAVA_HOME:-} && $JAVA_HOME != "$daisi_home" ]]; then
  echo "note: ignoring JAVA_HOME=$JAVA_HOME (not a JDK $daisi_min_java+), using $daisi_home" >&2
fi
export JAVA_HOME=$daisi_home
export PATH="$JAVA_HOME/bin:$PATH"
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  echo "JAVA_HOME=$JAVA_HOME ($(daisi_java_version "$JAVA_HOME/bin/java"))"
fi
unset -f daisi_java_version daisi_java_major daisi_usable daisi_pick_system_jdk \
  daisi_pick_path_java daisi_no_jdk
unset daisi_min_java daisi_seen daisi_home
