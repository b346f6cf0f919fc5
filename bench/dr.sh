#!/usr/bin/env bash
# DR replication targets (issue 7) in one run: replication lag at a steady write rate against the primary's own write
# latency, re-index speed, and the write throughput a streaming secondary costs the primary. Starts a primary and a
# secondary `coffer server` on 127.0.0.1 from config files, and lets bench/DrBench (an HTTP-only driver) activate
# replication and measure. See bench/README.md for how to read the output.
#
# Environment (all optional):
#   BENCH_STORAGE=raft          raft (a single-node integrated-storage cluster on each side) | file
#   BENCH_RATE=500              writes per second of the paced lag run (50..2000)
#   BENCH_LAG_SECONDS=20        length of the paced lag run (5..60)
#   BENCH_POLL_MS=1             least time between two status polls of one server in the lag run (1..20)
#   BENCH_WRITERS=32            concurrent writers of each throughput phase (1..256)
#   BENCH_THROUGHPUT_SECONDS=8  measured seconds of each of the four throughput phases (2..15)
#   BENCH_WARMUP=2              warm-up seconds before each throughput phase (1..10)
#   BENCH_PAIRS=10              windows of the "off" state in each interleaved run (1..20); it measures 2 x PAIRS + 1
#   BENCH_WINDOW_SECONDS=3      length of one interleaved window (1..10)
#   BENCH_REINDEX_ENTRIES=100000  KV entries the re-index copies (1000..200000)
#   BENCH_PRIMARY_PORT=18291  BENCH_SECONDARY_PORT=18295   API ports; the next two ports of each are used too
#   BENCH_READY_TIMEOUT=60      seconds a server may take to answer its first request
#   BENCH_TIME_LIMIT=600        seconds the measuring driver may run before it is stopped
#   BENCH_COPY_TIMEOUT=120      seconds the first copy and the re-index may each take before they count as failed
#   BENCH_LOG_LEVEL=warn        the servers' log level (their output is shown when the run fails)
#   BENCH_SKIP_BUILD=1          reuse the existing Release builds
#   BENCH_COFFER_EXE=path       another coffer executable instead of this tree's
#   BENCH_SECONDARY_DIR=dir     keep the secondary's data in a new directory under dir (e.g. on another disk; removed
#                               on exit) instead of beside the primary's: on one disk the two servers' syncs queue
#                               behind each other, which separate machines would not do (bench/README.md)
#   BENCH_PIN=1                 pin the primary and the driver to CPU 0 and the secondary to CPU 1 (taskset), so the
#                               streaming cost measures what streaming costs the primary, not the CPU a secondary on
#                               the same cores takes from it (as on separate machines)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STORAGE=${BENCH_STORAGE:-raft}
RATE=${BENCH_RATE:-500}
LAG_SECONDS=${BENCH_LAG_SECONDS:-20}
POLL_MS=${BENCH_POLL_MS:-1}
WRITERS=${BENCH_WRITERS:-32}
THROUGHPUT_SECONDS=${BENCH_THROUGHPUT_SECONDS:-8}
WARMUP=${BENCH_WARMUP:-2}
PAIRS=${BENCH_PAIRS:-10}
WINDOW_SECONDS=${BENCH_WINDOW_SECONDS:-3}
REINDEX_ENTRIES=${BENCH_REINDEX_ENTRIES:-100000}
PRIMARY_PORT=${BENCH_PRIMARY_PORT:-18291}
SECONDARY_PORT=${BENCH_SECONDARY_PORT:-18295}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-60}
TIME_LIMIT=${BENCH_TIME_LIMIT:-600}
COPY_TIMEOUT=${BENCH_COPY_TIMEOUT:-120}
LOG_LEVEL=${BENCH_LOG_LEVEL:-warn}
SECONDARY_DIR=${BENCH_SECONDARY_DIR:-}

BENCH_SCRIPT=dr.sh
# shellcheck source=bench/lib.sh
source "$REPO/bench/lib.sh"

# in_range NAME VALUE LOW HIGH : VALUE must be a whole number within [LOW, HIGH].
in_range() {
    if ! [[ $2 =~ ^[0-9]+$ ]] || (($2 < $3 || $2 > $4)); then
        fail "BENCH_$1 must be a whole number from $3 to $4 (got '$2')"
    fi
}
in_range RATE "$RATE" 50 2000
in_range LAG_SECONDS "$LAG_SECONDS" 5 60
in_range POLL_MS "$POLL_MS" 1 20
in_range WRITERS "$WRITERS" 1 256
in_range THROUGHPUT_SECONDS "$THROUGHPUT_SECONDS" 2 15
in_range WARMUP "$WARMUP" 1 10
in_range PAIRS "$PAIRS" 1 20
in_range WINDOW_SECONDS "$WINDOW_SECONDS" 1 10
in_range REINDEX_ENTRIES "$REINDEX_ENTRIES" 1000 200000
in_range TIME_LIMIT "$TIME_LIMIT" 60 1800
in_range COPY_TIMEOUT "$COPY_TIMEOUT" 10 600
[[ $STORAGE == file || $STORAGE == raft ]] || fail "BENCH_STORAGE must be file or raft (got '$STORAGE')"

# The secondary's data directory: beside the primary's, or under BENCH_SECONDARY_DIR (removed on exit).
SECONDARY_DATA=$WORK/secondary-data
if [[ -n $SECONDARY_DIR ]]; then
    [[ -d $SECONDARY_DIR ]] || fail "BENCH_SECONDARY_DIR must be an existing directory (got '$SECONDARY_DIR')"
    SECONDARY_DATA=$(mktemp -d "$SECONDARY_DIR/coffer-dr-secondary.XXXXXX")
    # shellcheck disable=SC2317  # runs from the EXIT trap
    remove_secondary_data() { rm -rf "$SECONDARY_DATA"; }
    CLEANUP_HOOKS+=(remove_secondary_data)
fi

# data_dir NAME : where NAME's storage lives.
data_dir() {
    if [[ $1 == secondary ]]; then echo "$SECONDARY_DATA"; else echo "$WORK/$1-data"; fi
}

# write_config NAME API_PORT : the server's config file. On file storage the DR replication service takes the API
# port + 1; on raft, Raft's cluster listener takes the API port + 1 and replication the port after it.
write_config() {
    local name=$1 port=$2
    if [[ $STORAGE == file ]]; then
        cat >"$WORK/$name.hcl" <<HCL
storage "file" {
  path = "$(data_dir "$name")"
}
listener "tcp" {
  address     = "127.0.0.1:$port"
  tls_disable = true
}
api_addr      = "http://127.0.0.1:$port"
disable_mlock = true
log_level     = "$LOG_LEVEL"
HCL
    else
        cat >"$WORK/$name.hcl" <<HCL
storage "raft" {
  path    = "$(data_dir "$name")"
  node_id = "$name-1"
}
listener "tcp" {
  address         = "127.0.0.1:$port"
  cluster_address = "127.0.0.1:$((port + 1))"
  tls_disable     = true
}
api_addr      = "http://127.0.0.1:$port"
cluster_addr  = "https://127.0.0.1:$((port + 1))"
disable_mlock = true
log_level     = "$LOG_LEVEL"
HCL
        mkdir -p "$(data_dir "$name")"
    fi
}

# start_server NAME PORT [CPUS] : starts `coffer server` from NAME's config (on CPUS with BENCH_PIN) and waits until
# it answers; sets STARTED_PID.
start_server() {
    local name=$1 port=$2 cpus=${3:-} log="$WORK/$1.log" code
    local pin=()
    [[ -n ${BENCH_PIN:-} && -n $cpus ]] && pin=(taskset -c "$cpus")
    "${pin[@]}" "$COFFER_EXE" server -config "$WORK/$name.hcl" >"$log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
    echo "started $name (pid $STARTED_PID) on 127.0.0.1:$port"
    local deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$STARTED_PID" 2>/dev/null; then
            echo "$name exited before it was ready; the end of its output:" >&2
            tail -n 20 "$log" | sed 's/^/    /' >&2
            fail "$name did not start"
        fi
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/v1/sys/health" || true)
        [[ $code != 000 ]] && return 0
        sleep 0.2
    done
    tail -n 20 "$log" | sed 's/^/    /' >&2
    fail "$name did not answer on 127.0.0.1:$port within ${READY_TIMEOUT}s"
}

if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
    build src/Coffer.Cli/Coffer.Cli.csproj
    build bench/DrBench/DrBench.csproj
fi
COFFER_EXE=${BENCH_COFFER_EXE:-"$REPO/src/Coffer.Cli/bin/Release/net10.0/coffer"}
DRIVER_DLL="$REPO/bench/DrBench/bin/Release/net10.0/DrBench.dll"
[[ -x $COFFER_EXE ]] || fail "missing $COFFER_EXE (build it, or unset BENCH_SKIP_BUILD)"
[[ -f $DRIVER_DLL ]] || fail "missing $DRIVER_DLL (build it, or unset BENCH_SKIP_BUILD)"

for port in "$PRIMARY_PORT" $((PRIMARY_PORT + 1)) $((PRIMARY_PORT + 2)) "$SECONDARY_PORT" $((SECONDARY_PORT + 1)) $((SECONDARY_PORT + 2)); do
    port_in_use "$port" && fail "127.0.0.1:$port is already in use; set BENCH_PRIMARY_PORT / BENCH_SECONDARY_PORT"
done

if [[ $STORAGE == file ]]; then
    DR_PORT=$((PRIMARY_PORT + 1))
else
    DR_PORT=$((PRIMARY_PORT + 2))
fi

write_config primary "$PRIMARY_PORT"
write_config secondary "$SECONDARY_PORT"
start_server primary "$PRIMARY_PORT" 0
PRIMARY_PID=$STARTED_PID
start_server secondary "$SECONDARY_PORT" 1
SECONDARY_PID=$STARTED_PID

echo "fsync rate of this machine (4 KiB write + fsync, same file system): $(bash "$REPO/bench/fsync-rate.sh" --dir "$WORK" --quiet --seconds 2) per second"

status=0
DRIVER_PIN=()
[[ -n ${BENCH_PIN:-} ]] && DRIVER_PIN=(taskset -c 0) && echo "pinned: primary and driver on CPU 0, secondary on CPU 1"
interruptibly timeout "$TIME_LIMIT" "${DRIVER_PIN[@]}" dotnet "$DRIVER_DLL" \
    --primary "http://127.0.0.1:$PRIMARY_PORT" --primary-pid "$PRIMARY_PID" \
    --secondary "http://127.0.0.1:$SECONDARY_PORT" --secondary-pid "$SECONDARY_PID" \
    --primary-cluster-addr "https://127.0.0.1:$DR_PORT" --storage "$STORAGE" \
    --rate "$RATE" --lag-seconds "$LAG_SECONDS" --poll-ms "$POLL_MS" \
    --writers "$WRITERS" --throughput-seconds "$THROUGHPUT_SECONDS" --warmup-seconds "$WARMUP" \
    --pairs "$PAIRS" --window-seconds "$WINDOW_SECONDS" \
    --reindex-entries "$REINDEX_ENTRIES" --copy-timeout-seconds "$COPY_TIMEOUT" || status=$?

if ((status == 124)); then
    echo "dr.sh: the driver did not finish within ${TIME_LIMIT}s (BENCH_TIME_LIMIT)" >&2
    status=2
fi
if ((status != 0)); then
    for name in primary secondary; do
        echo "--- the end of the $name's output" >&2
        tail -n 40 "$WORK/$name.log" | sed 's/^/    /' >&2
    done
fi
exit "$status"
