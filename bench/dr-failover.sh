#!/usr/bin/env bash
# Issue #8's failover targets on loopback, with a one-node Raft primary and a three-node Raft DR secondary of real
# `coffer server` processes (set up by the bench/DrFailover driver through the test harness):
#   recovery         from the promote request (batch DR operation token) to the first KV write the promoted secondary
#                    accepts; median of BENCH_RUNS fresh pairs, target <= 1 s
#   batch-autopilot  GET sys/storage/raft/autopilot/state with the batch token in X-Vault-Token on the secondary's
#                    active node, as a fraction of the bare app's req/s under the same wrk load; target >= 0.4
# See bench/README.md for how to read the output.
#
# Environment (all optional):
#   BENCH_RUNS=5            promotions timed, each on a freshly set-up pair (1..9)
#   BENCH_FAILOVER=kill     how the primary is lost before promotion: kill (SIGKILL) or demote
#   BENCH_DURATION=10       seconds of each measured wrk run (1..15)
#   BENCH_WARMUP=3          seconds of the warm-up run per server (1..15)
#   BENCH_ROUNDS=1          measured wrk runs per server, alternating (median shown; 1..9)
#   BENCH_ONLY=recovery,batch-autopilot   run only these targets
#   BENCH_BARE_PORT=18283   loopback port of the bare app (the cluster nodes take free ports)
#   BENCH_READY_TIMEOUT=60  seconds the bare app may take to answer
#   BENCH_SETUP_TIMEOUT=120 seconds the driver may take to set up a pair for wrk
#   BENCH_SKIP_BUILD=1      reuse the existing Release builds
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${BENCH_RUNS:-5}
FAILOVER=${BENCH_FAILOVER:-kill}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
ROUNDS=${BENCH_ROUNDS:-1}
BARE_PORT=${BENCH_BARE_PORT:-18283}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-60}
SETUP_TIMEOUT=${BENCH_SETUP_TIMEOUT:-120}
CONNECTIONS=64
THREADS=2
MAX_RUN_SECONDS=15
SETTLE_SECONDS=2
# Setting up a pair takes 8-40 s on a busy two-core machine (retried once if it fails); a run this long has hung.
SECONDS_PER_RUN=120
RECOVERY_TARGET_MS=1000
AUTOPILOT_PATH=/v1/sys/storage/raft/autopilot/state
AUTOPILOT_TARGET=0.4
BENCH_SCRIPT=dr-failover.sh
# shellcheck source=bench/lib.sh
source "$REPO/bench/lib.sh"

for setting in DURATION WARMUP; do
    value=${!setting}
    if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > MAX_RUN_SECONDS)); then
        fail "BENCH_$setting must be a whole number of seconds from 1 to $MAX_RUN_SECONDS (got '$value')"
    fi
done
for setting in RUNS ROUNDS; do
    value=${!setting}
    if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 9)); then
        fail "BENCH_$setting must be from 1 to 9 (got '$value')"
    fi
done
[[ $FAILOVER == kill || $FAILOVER == demote ]] || fail "BENCH_FAILOVER must be kill or demote (got '$FAILOVER')"

DRIVER_DLL="$REPO/bench/DrFailover/bin/Release/net10.0/DrFailover.dll"
BARE_DLL="$REPO/bench/BareApp/bin/Release/net10.0/BareApp.dll"
PID_FILE="$WORK/coffer.pids"
touch "$PID_FILE"

# The driver kills its coffer processes when it ends, even on SIGTERM; should it itself have been killed, the nodes
# it recorded are killed here (only processes still running coffer.dll: a recorded id may have been reused).
# shellcheck disable=SC2317  # runs from the EXIT trap
kill_driver_nodes() {
    local pid
    while read -r pid; do
        [[ $pid =~ ^[0-9]+$ ]] || continue
        if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q 'coffer\.dll server'; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done <"$PID_FILE"
}
CLEANUP_HOOKS+=(kill_driver_nodes)

selected() { [[ -z ${BENCH_ONLY:-} || ,$BENCH_ONLY, == *",$1,"* ]]; }

# percentile_of P VALUES... : the nearest-rank percentile P (0..100) of the values.
percentile_of() {
    local p=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v p="$p" '{ v[NR] = $1 } END { i = int((p * NR + 99) / 100); if (i < 1) i = 1; print v[i] }'
}

# ---- recovery ----------------------------------------------------------------------------------
measure_recovery() {
    local args=(recovery --runs "$RUNS" --pid-file "$PID_FILE") status=0
    [[ $FAILOVER == demote ]] && args+=(--demote)
    echo "timing $RUNS promotions (a fresh pair each, about 15-30 s per run)" >&2
    interruptibly timeout --kill-after=10 $((RUNS * SECONDS_PER_RUN)) dotnet "$DRIVER_DLL" "${args[@]}" \
        >"$WORK/recovery.out" 2>"$WORK/recovery.err" || status=$?
    grep -v '^RESULT ' "$WORK/recovery.out" || true
    if ((status != 0)); then
        echo "the recovery driver exited with code $status; the end of its error output:" >&2
        tail -n 40 "$WORK/recovery.err" | sed 's/^/    /' >&2
    elif [[ -s $WORK/recovery.err ]]; then
        sed 's/^/    /' "$WORK/recovery.err" >&2
    fi

    local detect=() promote=() write=() rtt=() failed=0 d p w r
    while read -r _ _ d p w r _; do
        if [[ $d == failed ]]; then
            failed=$((failed + 1))
            continue
        fi
        detect+=("$d") promote+=("$p") write+=("$w") rtt+=("$r")
    done < <(grep '^RESULT ' "$WORK/recovery.out" || true)

    local measured=${#write[@]}
    echo
    echo "recovery: promote request -> first accepted write, primary lost by $FAILOVER, three-node Raft secondary"
    if ((measured == 0)); then
        RECOVERY_ROW=$(printf '%-16s %s' recovery "FAIL (no run completed)")
        return
    fi
    local median_write max_write median_promote max_promote median_rtt median_detect ratio result
    median_write=$(percentile_of 50 "${write[@]}")
    max_write=$(percentile_of 100 "${write[@]}")
    median_promote=$(percentile_of 50 "${promote[@]}")
    max_promote=$(percentile_of 100 "${promote[@]}")
    median_detect=$(percentile_of 50 "${detect[@]}")
    median_rtt=$(percentile_of 50 "${rtt[@]}")
    ratio=$(awk -v w="$median_write" -v r="$median_rtt" 'BEGIN { printf "%.0f", (r > 0 ? w / r : 0) }')
    printf '  first write accepted: median %s ms, max %s ms over %s runs (target: median <= %s ms)\n' \
        "$median_write" "$max_write" "$measured" "$RECOVERY_TARGET_MS"
    printf '  promote answered:     median %s ms, max %s ms\n' "$median_promote" "$max_promote"
    printf '  before t0, the secondary noticed the loss after a median %s ms (not part of the recovery time)\n' "$median_detect"
    printf '  baseline: one KV write on the new primary takes a median %s ms; recovery = %s write round trips\n' "$median_rtt" "$ratio"
    if ((failed > 0 || measured < RUNS)); then
        result="FAIL ($((RUNS - measured)) of $RUNS runs did not complete)"
    elif ((median_write <= RECOVERY_TARGET_MS)); then
        result=PASS
    else
        result="FAIL (over by $((median_write - RECOVERY_TARGET_MS)) ms)"
    fi
    RECOVERY_ROW=$(printf '%-16s %-30s %-12s %s' recovery "median ${median_write} ms, max ${max_write} ms" \
        "<= ${RECOVERY_TARGET_MS} ms" "$result")
}

# ---- batch-autopilot ---------------------------------------------------------------------------
write_autopilot_lua() {
    {
        echo 'wrk.method = "GET"'
        echo "wrk.headers[\"X-Vault-Token\"] = $(lua_string "$1")"
        wrk_done_hook
    } >"$2"
}

autopilot_status() {
    curl -s -o "$WORK/autopilot.json" -m 5 -w '%{http_code}' -H "X-Vault-Token: $1" "$2$AUTOPILOT_PATH" || true
}

measure_autopilot() {
    AUTOPILOT_ROW=$(printf '%-16s %s' batch-autopilot "FAIL (the DR pair did not come up)")
    start dr-pair "$WORK/serve.log" dotnet "$DRIVER_DLL" serve --ready-file "$WORK/pair.ready" --pid-file "$PID_FILE"
    local driver=$STARTED_PID deadline=$((SECONDS + SETUP_TIMEOUT))
    echo "setting up a DR pair for wrk (one-node primary, three-node secondary)" >&2
    until [[ -f $WORK/pair.ready ]]; do
        if ! kill -0 "$driver" 2>/dev/null || ((SECONDS >= deadline)); then
            echo "the DR pair did not come up within ${SETUP_TIMEOUT}s; the end of the driver's output:" >&2
            tail -n 40 "$WORK/serve.log" | sed 's/^/    /' >&2
            return
        fi
        sleep 0.5
    done
    local address token status
    address=$(sed -n 's/^address=//p' "$WORK/pair.ready")
    token=$(sed -n 's/^batch_token=//p' "$WORK/pair.ready")
    local port=${address##*:}

    start bare-app "$WORK/bare.log" dotnet "$BARE_DLL" --urls "http://127.0.0.1:$BARE_PORT"
    wait_ready bare-app "$STARTED_PID" "$BARE_PORT" "$WORK/bare.log" || fail "the bare app did not start"

    # A refused token (403) or a missing path would be measured as fast failures: the secondary must answer 200 with
    # the three servers.
    status=$(autopilot_status "$token" "$address")
    if [[ $status != 200 ]]; then
        AUTOPILOT_ROW=$(printf '%-16s %s' batch-autopilot "FAIL (the secondary answers HTTP $status: $(head -c 200 "$WORK/autopilot.json"))")
        return
    fi
    local servers
    servers=$(grep -o '"node_status"' "$WORK/autopilot.json" | wc -l)
    write_autopilot_lua "$token" "$WORK/autopilot.lua"

    echo "measuring batch-autopilot: GET $AUTOPILOT_PATH with the batch DR token (secondary reports $servers servers)" >&2
    wrk_measure "$WARMUP" "$WORK/autopilot.lua" "http://127.0.0.1:$BARE_PORT$AUTOPILOT_PATH" || fail "wrk could not run against the bare app"
    wrk_measure "$WARMUP" "$WORK/autopilot.lua" "http://127.0.0.1:$port$AUTOPILOT_PATH" || return
    sleep "$SETTLE_SECONDS"
    local bare_runs=() coffer_runs=() round side
    for ((round = 1; round <= ROUNDS; round++)); do
        for side in $( ((round % 2)) && echo bare coffer || echo coffer bare); do
            if [[ $side == bare ]]; then
                wrk_measure "$DURATION" "$WORK/autopilot.lua" "http://127.0.0.1:$BARE_PORT$AUTOPILOT_PATH" || fail "wrk could not run against the bare app"
                bare_runs+=("$RUN")
            else
                wrk_measure "$DURATION" "$WORK/autopilot.lua" "http://127.0.0.1:$port$AUTOPILOT_PATH" || return
                coffer_runs+=("$RUN")
            fi
        done
    done
    median "${bare_runs[@]}"
    local bare_rps=$RPS bare_p50=$P50 bare_p99=$P99
    median "${coffer_runs[@]}"
    local ratio result
    ratio=$(awk -v c="$RPS" -v b="$bare_rps" 'BEGIN { printf "%.2f", (b > 0 ? c / b : 0) }')
    # Every response must be a 2xx: wrk counts any other status as an error.
    if ((BAD + SOCKET > 0)); then
        result="FAIL (secondary: $BAD non-2xx answers, $SOCKET socket errors)"
    elif awk -v r="$ratio" -v t="$AUTOPILOT_TARGET" 'BEGIN { exit !(r >= t) }'; then
        result=PASS
    else
        result="FAIL (short by $(awk -v r="$ratio" -v t="$AUTOPILOT_TARGET" 'BEGIN { printf "%.2f", t - r }'))"
    fi
    echo
    printf '%-16s %11s %12s %6s %15s %15s\n' scenario "bare req/s" "coffer req/s" ratio "p50 ms b/c" "p99 ms b/c"
    printf '%-16s %11s %12s %6s %15s %15s\n' batch-autopilot "$bare_rps" "$RPS" "$ratio" "$bare_p50/$P50" "$bare_p99/$P99"
    AUTOPILOT_ROW=$(printf '%-16s %-30s %-12s %s' batch-autopilot "ratio $ratio ($RPS / $bare_rps req/s)" ">= $AUTOPILOT_TARGET" "$result")
}

# ---- main --------------------------------------------------------------------------------------
install_wrk
if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
    build bench/BareApp/BareApp.csproj
    # The driver's project builds src/Coffer.Cli (Release) too: the harness runs that coffer.dll.
    build bench/DrFailover/DrFailover.csproj
fi
[[ -f $DRIVER_DLL ]] || fail "missing $DRIVER_DLL (build it, or unset BENCH_SKIP_BUILD)"
[[ -f $BARE_DLL ]] || fail "missing $BARE_DLL (build it, or unset BENCH_SKIP_BUILD)"
port_in_use "$BARE_PORT" && fail "127.0.0.1:$BARE_PORT is already in use; set BENCH_BARE_PORT"

echo
load_line
echo "recovery: $RUNS runs; wrk: $THREADS threads, $CONNECTIONS connections, ${WARMUP}s warm-up, then $ROUNDS x ${DURATION}s measured per server"

RECOVERY_ROW='' AUTOPILOT_ROW=''
selected recovery && measure_recovery
selected batch-autopilot && measure_autopilot

echo
load_line
printf '%-16s %-30s %-12s %s\n' target measured goal result
FAILED=0
for row in "$RECOVERY_ROW" "$AUTOPILOT_ROW"; do
    [[ -n $row ]] || continue
    echo "$row"
    [[ $row == *' PASS' ]] || FAILED=1
done
exit "$FAILED"
