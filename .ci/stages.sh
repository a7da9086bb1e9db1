# Sourced by .ci/run: runs CI stages one after another, timing each and counting what
# ccache did for it, and prints a summary table at the end.
#
#   stage NAME COMMAND [ARGS...]   runs one stage; on failure prints the summary and exits 1
#   finish                         prints the summary (every stage and the total)

ci_started=$SECONDS
ci_names=()
ci_seconds=()
ci_cache=()

# m:ss or h:mm:ss
ci_clock() {
  local s=$1
  if ((s >= 3600)); then
    printf '%d:%02d:%02d' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
  else
    printf '%d:%02d' $((s / 60)) $((s % 60))
  fi
}

# What ccache did, per stage, counts only this run's compiles: every compile appends
# its outcome to the run's own statistics log (CCACHE_STATSLOG, which ccache 4 reads
# from the environment; CMake's launcher passes the environment on). The cache's own
# counters (ccache --print-stats) would count whatever else shares the cache, and
# asking for them can wait for a compile slot.
ci_statslog=${CCACHE_STATSLOG:-$(mktemp -t ci-ccache-stats.XXXXXX)}
export CCACHE_STATSLOG=$ci_statslog

# The statistics log's size now: where the next stage's compiles start.
ci_statslog_offset() {
  if ! command -v ccache >/dev/null 2>&1 || [[ -n ${CCACHE_DISABLE:-} ]]; then
    echo -
    return
  fi
  stat -c %s "$ci_statslog" 2>/dev/null || echo 0
}

# What ccache did for the compiles logged after byte `offset`, in words.
ci_ccache_since() {
  local offset=$1
  if [[ $offset == - ]]; then
    echo "ccache not in use"
    return
  fi
  local hits misses
  read -r hits misses < <(tail -c +$((offset + 1)) "$ci_statslog" 2>/dev/null | awk '
    $1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { hits++ }
    $1 == "cache_miss" { misses++ }
    END { print hits + 0, misses + 0 }')
  local total=$((hits + misses))
  if ((total == 0)); then
    echo "no compiles"
  else
    printf '%d of %d compiles from ccache (%d.%d%% hit rate)' "$hits" "$total" \
      $((hits * 100 / total)) $((hits * 1000 / total % 10))
  fi
}

finish() {
  local i total=$((SECONDS - ci_started))
  printf '\n==== ci: summary (load average now: %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  for i in "${!ci_names[@]}"; do
    printf '  %-18s %9s   %s\n' "${ci_names[i]}" "$(ci_clock "${ci_seconds[i]}")" "${ci_cache[i]}"
  done
  printf '  %-18s %9s\n' "total" "$(ci_clock "$total")"
}

stage() {
  local name=$1
  shift
  local started=$SECONDS offset status=0
  printf '\n==== ci: %s: %s (%s UTC, load average %s)\n' "$name" "$*" "$(date -u +%H:%M:%S)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  offset=$(ci_statslog_offset)
  "$@" || status=$?
  local seconds=$((SECONDS - started))
  local cache
  cache=$(ci_ccache_since "$offset")
  ci_names+=("$name")
  ci_seconds+=("$seconds")
  ci_cache+=("$cache")
  if ((status != 0)); then
    ci_cache[-1]="FAILED (exit $status); $cache"
    printf '==== ci: %s FAILED (exit %d) after %s\n' "$name" "$status" "$(ci_clock "$seconds")"
    finish
    exit 1
  fi
  printf '==== ci: %s: ok in %s; %s\n' "$name" "$(ci_clock "$seconds")" "$cache"
}
