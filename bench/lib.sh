# Shared by the benchmark scripts (bench/http.sh, bench/dr-failover.sh, bench/dr.sh): process bookkeeping that stops whatever a
# script started, Release builds, wrk runs with a machine-readable summary. Source it after setting:
#   BENCH_SCRIPT   the script's name, for messages
#   REPO           the repository root
#   READY_TIMEOUT  seconds a server may take to answer its first request (wait_ready)
# It creates WORK (a temporary directory, removed on exit) and installs the EXIT/INT/TERM traps.
# shellcheck shell=bash

fail() { echo "$BENCH_SCRIPT: $*" >&2; exit 2; }

WORK=$(mktemp -d -t coffer-bench.XXXXXX)
PIDS=()
CHILD_PID=
# Commands run from the EXIT trap before the started processes are stopped (a script's own clean-up).
CLEANUP_HOOKS=()

# shellcheck disable=SC2317  # stop_process and cleanup run from the EXIT trap.
stop_process() {
    local pid=$1
    # A driver that died while it had the process stopped (bench/dr.sh pauses its secondary) leaves it stopped.
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT
    [[ -n $CHILD_PID ]] && stop_process "$CHILD_PID"
    for pid in "${PIDS[@]}"; do
        stop_process "$pid"
    done
    for hook in "${CLEANUP_HOOKS[@]}"; do
        "$hook" || true
    done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# interruptibly COMMAND... : runs COMMAND in the background and waits for it. Bash runs a signal trap only
# between commands; `wait` is the one place it is interrupted at once, so Ctrl-C stops a long build or
# wrk run immediately (cleanup then stops the child too: GNU timeout passes the signal on to wrk).
interruptibly() {
    "$@" &
    CHILD_PID=$!
    local status=0
    wait "$CHILD_PID" || status=$?
    CHILD_PID=
    return "$status"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start NAME LOG COMMAND... : runs COMMAND in the background and records its pid for cleanup.
start() {
    local name=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1 &
    PIDS+=("$!")
    STARTED_PID=$!
    echo "started $name (pid $STARTED_PID)"
}

# wait_ready NAME PID PORT LOG : true once the server answers any HTTP status on sys/health.
wait_ready() {
    local name=$1 pid=$2 port=$3 log=$4 code
    local deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            local status=0
            wait "$pid" 2>/dev/null || status=$?
            echo "$name exited with code $status before it was ready; the end of its output:" >&2
            tail -n 20 "$log" | sed 's/^/    /' >&2
            return 1
        fi
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/v1/sys/health" || true)
        if [[ $code != 000 ]]; then
            return 0
        fi
        sleep 0.2
    done
    echo "$name did not answer on 127.0.0.1:$port within ${READY_TIMEOUT}s; the end of its output:" >&2
    tail -n 20 "$log" | sed 's/^/    /' >&2
    return 1
}

install_wrk() {
    command -v wrk >/dev/null && return 0
    echo "installing wrk"
    apt-get install -y wrk >"$WORK/apt.log" 2>&1 \
        || { apt-get update >>"$WORK/apt.log" 2>&1 && apt-get install -y wrk >>"$WORK/apt.log" 2>&1; } \
        || { cat "$WORK/apt.log" >&2; fail "could not install wrk"; }
}

build() {
    local project=$1
    echo "building $project (Release)"
    interruptibly dotnet build -c Release -nologo -v q "$REPO/$project" >"$WORK/build.log" 2>&1 \
        || { tail -n 30 "$WORK/build.log" >&2; fail "the Release build of $project failed"; }
}

lua_string() { printf '[==[%s]==]' "$1"; }

# wrk_done_hook : the Lua done() that every wrk script ends with; it prints one machine-readable line.
wrk_done_hook() {
    cat <<'LUA'
done = function(summary, latency, requests)
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %.0f %.0f\n", summary.requests, summary.duration,
    summary.errors.status, socket, latency:percentile(50), latency:percentile(99)))
end
LUA
}

# wrk_measure SECONDS LUA URL : one wrk run (2 threads, 64 connections unless THREADS / CONNECTIONS say otherwise)
# with a script ending in wrk_done_hook; sets RUN to "req/s p50_ms p99_ms bad_statuses socket_errors". Not meant for
# $(...): a signal must reach the `wait` in interruptibly.
# shellcheck disable=SC2034  # RUN, like RPS, P50, P99, BAD and SOCKET below, is read by the caller.
wrk_measure() {
    local seconds=$1 lua=$2 url=$3 out="$WORK/wrk.out" line
    interruptibly timeout $((seconds + 15)) wrk -t "${THREADS:-2}" -c "${CONNECTIONS:-64}" -d "${seconds}s" --timeout 5s \
        -s "$lua" "$url" >"$out" 2>&1 || true
    line=$(grep '^RESULT ' "$out") || { echo "wrk failed against $url:" >&2; tail -n 5 "$out" >&2; return 1; }
    RUN=$(awk '{ printf "%.0f %.2f %.2f %d %d\n", $2 / ($3 / 1e6), $6 / 1000, $7 / 1000, $4, $5 }' <<<"$line")
}

# median RUN... : sets RPS, P50, P99 from the run with the median req/s, BAD and SOCKET summed over all runs.
# shellcheck disable=SC2034
median() {
    read -r RPS P50 P99 _ _ < <(printf '%s\n' "$@" | sort -n -k1,1 | sed -n "$((($# + 1) / 2))p")
    read -r BAD SOCKET < <(printf '%s\n' "$@" | awk '{ bad += $4; socket += $5 } END { print bad + 0, socket + 0 }')
}

# load_line : the date, core count and load average, for the header of a result table.
load_line() { echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC')  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"; }
