#!/usr/bin/env bash
# Coffer's integrated storage against etcd 3.4: a three-node Coffer Raft cluster and a three-node etcd cluster on
# 127.0.0.1, the same wrk write load on both (Coffer KV v2 writes through the HTTP API, etcd /v3/kv/put through its
# JSON gateway, each sent to its cluster's leader), then the leader killed with SIGKILL under write load.
# See bench/README.md for how to read the output.
#
# Environment (all optional):
#   BENCH_DURATION=10       seconds of each measured wrk run (1..15)
#   BENCH_WARMUP=3          seconds of the warm-up run per cluster and scenario (1..15)
#   BENCH_ROUNDS=1          measured runs per cluster and scenario, alternating the two; the median is shown (1..9)
#   BENCH_KILLS=5           leader kills per cluster (1..9); the median gap is judged
#   BENCH_ETCD_KILLS=       leader kills for etcd (default: BENCH_KILLS; 0 skips etcd's kill test)
#   BENCH_RAFT_MULTIPLIER=1 Coffer's performance_multiplier (1 = Vault's production recommendation, elections after
#                           150-300 ms of silence; 0 = Coffer's default of 5)
#   BENCH_RAFT_READS=lease  how Coffer's leader confirms a read (the KV v2 write reads the key's metadata first):
#                           lease = leader_lease_reads = true (no round to the followers while the lease holds),
#                           barrier = Coffer's default (a replication round per read)
#   BENCH_ETCD_PORT=18500   first of six etcd ports (client, peer per node)
#   BENCH_COFFER_PORT=18520 first of six Coffer ports (API, cluster per node)
#   BENCH_READY_TIMEOUT=60  seconds a server may take to answer its first request
#   BENCH_SKIP_BUILD=1      reuse the existing Release builds
#   BENCH_COFFER_EXE=path   another coffer executable instead of this tree's
#   BENCH_ONLY=name,...     run only these parts: throughput, single, kill
# shellcheck disable=SC2317  # functions called through `eventually` and the EXIT trap look unreachable to shellcheck.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
ROUNDS=${BENCH_ROUNDS:-1}
KILLS=${BENCH_KILLS:-5}
ETCD_KILLS=${BENCH_ETCD_KILLS:-$KILLS}
MULTIPLIER=${BENCH_RAFT_MULTIPLIER:-1}
READS=${BENCH_RAFT_READS:-lease}
ETCD_PORT=${BENCH_ETCD_PORT:-18500}
COFFER_PORT=${BENCH_COFFER_PORT:-18520}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-60}
CONNECTIONS=64
THREADS=2
SETTLE_SECONDS=2
# Targets (issue #6).
THROUGHPUT_TARGET=1.5     # Coffer writes/s >= 1.5 x etcd's
P99_TARGET=1.0            # Coffer p99 <= etcd's p99
SINGLE_P50_TARGET=1.2     # one writer: Coffer p50 <= 1.2 x etcd's
FAILOVER_TARGET_MS=2000   # median gap after a leader kill

fail() {
    echo "raft-vs-etcd: $*" >&2
    exit 2
}

number_in() { [[ $1 =~ ^[0-9]+$ ]] && (($1 >= $2 && $1 <= $3)); }
number_in "$DURATION" 1 15 || fail "BENCH_DURATION must be from 1 to 15 (got '$DURATION')"
number_in "$WARMUP" 1 15 || fail "BENCH_WARMUP must be from 1 to 15 (got '$WARMUP')"
number_in "$ROUNDS" 1 9 || fail "BENCH_ROUNDS must be from 1 to 9 (got '$ROUNDS')"
number_in "$KILLS" 1 9 || fail "BENCH_KILLS must be from 1 to 9 (got '$KILLS')"
number_in "$ETCD_KILLS" 0 9 || fail "BENCH_ETCD_KILLS must be from 0 to 9 (got '$ETCD_KILLS')"
number_in "$MULTIPLIER" 0 10 || fail "BENCH_RAFT_MULTIPLIER must be from 0 to 10 (got '$MULTIPLIER')"
[[ $READS == lease || $READS == barrier ]] || fail "BENCH_RAFT_READS must be lease or barrier (got '$READS')"
number_in "$ETCD_PORT" 1024 65000 || fail "BENCH_ETCD_PORT must be a port from 1024 to 65000"
number_in "$COFFER_PORT" 1024 65000 || fail "BENCH_COFFER_PORT must be a port from 1024 to 65000"

WORK=$(mktemp -d -t coffer-raft-etcd.XXXXXX)
PIDS=()
CHILD_PID=
DRIVER_PID=

stop_process() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT
    [[ -n $CHILD_PID ]] && stop_process "$CHILD_PID"
    [[ -n $DRIVER_PID ]] && stop_process "$DRIVER_PID"
    for pid in "${PIDS[@]}"; do
        [[ -n $pid ]] && stop_process "$pid"
    done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# interruptibly COMMAND... : runs COMMAND in the background and waits for it, so that Ctrl-C stops a long build or
# wrk run at once (bash runs a signal trap between commands, and `wait` is interrupted by one).
interruptibly() {
    "$@" &
    CHILD_PID=$!
    local status=0
    wait "$CHILD_PID" || status=$?
    CHILD_PID=
    return "$status"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- Installing and building -------------------------------------------------------------------

# apt_install COMMAND PACKAGE : installs PACKAGE with apt-get unless COMMAND is already on the PATH.
apt_install() {
    local command=$1 package=$2
    command -v "$command" >/dev/null && return 0
    echo "installing $package"
    apt-get install -y "$package" >"$WORK/apt.log" 2>&1 \
        || { apt-get update >>"$WORK/apt.log" 2>&1 && apt-get install -y "$package" >>"$WORK/apt.log" 2>&1; } \
        || { tail -n 20 "$WORK/apt.log" >&2; fail "could not install $package with apt-get"; }
    command -v "$command" >/dev/null || fail "$package is installed but '$command' is not on the PATH"
}

build() {
    echo "building $1 (Release)"
    interruptibly dotnet build -c Release -nologo -v q "${@:2}" >"$WORK/build.log" 2>&1 \
        || { tail -n 30 "$WORK/build.log" >&2; fail "the Release build of $1 failed"; }
}

# ---- Processes ---------------------------------------------------------------------------------
# Each node's pid is kept at a fixed index of PIDS (etcd 0-2, Coffer 3-5) so that a killed node's slot can be
# reused when it is restarted; cleanup stops whatever the slots hold.

# start SLOT LOG COMMAND... : starts COMMAND in the background, appending to LOG, and records its pid in PIDS[SLOT].
start() {
    local slot=$1 log=$2
    shift 2
    "$@" >>"$log" 2>&1 &
    PIDS[slot]=$!
}

# wait_http NAME PID URL LOG [METHOD] : true once URL answers with any HTTP status.
wait_http() {
    local name=$1 pid=$2 url=$3 log=$4 method=${5:-GET} code
    local deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$name exited before it was ready; the end of its output:" >&2
            tail -n 20 "$log" | sed 's/^/    /' >&2
            return 1
        fi
        code=$(curl -s -o /dev/null -m 2 -X "$method" -d '{}' -w '%{http_code}' "$url" || true)
        [[ $code != 000 ]] && return 0
        sleep 0.2
    done
    echo "$name did not answer at $url within ${READY_TIMEOUT}s; the end of its output:" >&2
    tail -n 20 "$log" | sed 's/^/    /' >&2
    return 1
}

# eventually SECONDS COMMAND... : retries COMMAND every 0.2 s until it succeeds or SECONDS pass.
eventually() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# ---- etcd --------------------------------------------------------------------------------------

etcd_client_port() { echo $((ETCD_PORT + 2 * $1)); }
etcd_peer_port() { echo $((ETCD_PORT + 2 * $1 + 1)); }
etcd_url() { echo "http://127.0.0.1:$(etcd_client_port "$1")"; }

# start_etcd NODE : node 0..2. With a data directory from an earlier start, etcd ignores the initial-cluster flags
# and rejoins as the member it was.
start_etcd() {
    local n=$1 cluster=
    for m in 0 1 2; do
        cluster+="${cluster:+,}e$m=http://127.0.0.1:$(etcd_peer_port "$m")"
    done
    start "$n" "$WORK/etcd-$n.log" etcd --name "e$n" --data-dir "$WORK/etcd-$n" \
        --listen-client-urls "$(etcd_url "$n")" --advertise-client-urls "$(etcd_url "$n")" \
        --listen-peer-urls "http://127.0.0.1:$(etcd_peer_port "$n")" \
        --initial-advertise-peer-urls "http://127.0.0.1:$(etcd_peer_port "$n")" \
        --initial-cluster "$cluster" --initial-cluster-token coffer-bench --initial-cluster-state new \
        --logger zap --log-outputs stderr --log-level warn
}

# etcd_status NODE : the node's /v3/maintenance/status answer (member_id and leader are decimal strings).
etcd_status() { curl -sf -m 2 -X POST -d '{}' "$(etcd_url "$1")/v3/maintenance/status"; }

# etcd_leader : sets LEADER to the node (0..2) that is etcd's leader according to itself.
etcd_leader() {
    local n status member leader
    for n in 0 1 2; do
        status=$(etcd_status "$n") || continue
        member=$(sed -n 's/.*"member_id":"\([0-9]*\)".*/\1/p' <<<"$status")
        leader=$(sed -n 's/.*"leader":"\([0-9]*\)".*/\1/p' <<<"$status")
        if [[ -n $member && $member == "$leader" ]]; then
            LEADER=$n
            return 0
        fi
    done
    return 1
}

# etcd_healthy NODE : the node answers /health with health true (it has a leader).
etcd_healthy() { curl -sf -m 2 "$(etcd_url "$1")/health" | grep -q '"health":"true"'; }

# ---- Coffer ------------------------------------------------------------------------------------

coffer_api_port() { echo $((COFFER_PORT + 2 * $1)); }
coffer_url() { echo "http://127.0.0.1:$(coffer_api_port "$1")"; }

write_coffer_config() {
    local n=$1 multiplier= reads=
    ((MULTIPLIER > 0)) && multiplier="
  performance_multiplier = $MULTIPLIER"
    [[ $READS == lease ]] && reads="
  leader_lease_reads     = true"
    cat >"$WORK/coffer-$n.hcl" <<HCL
storage "raft" {
  path    = "$WORK/coffer-$n"
  node_id = "node$n"$multiplier$reads
}

listener "tcp" {
  address         = "127.0.0.1:$(coffer_api_port "$n")"
  cluster_address = "127.0.0.1:$(($(coffer_api_port "$n") + 1))"
  tls_disable     = true
}

api_addr      = "$(coffer_url "$n")"
cluster_addr  = "https://127.0.0.1:$(($(coffer_api_port "$n") + 1))"
disable_mlock = true
log_level     = "warn"
HCL
}

start_coffer() {
    local n=$1
    mkdir -p "$WORK/coffer-$n"
    start $((3 + n)) "$WORK/coffer-$n.log" "$COFFER_EXE" server -config "$WORK/coffer-$n.hcl"
    wait_http "coffer node$n" "${PIDS[3 + n]}" "$(coffer_url "$n")/v1/sys/health" "$WORK/coffer-$n.log"
}

coffer_unseal() {
    curl -sf -o /dev/null -m 10 -X PUT --data-binary "{\"key\":\"$UNSEAL_KEY\"}" "$(coffer_url "$1")/v1/sys/unseal"
}

# coffer_health_is NODE CODE : sys/health answers CODE (200 active, 429 unsealed standby, 503 sealed).
coffer_health_is() { [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$(coffer_url "$1")/v1/sys/health") == "$2" ]]; }

# coffer_leader : sets LEADER to the node (0..2) that is the active node, as the nodes that answer report it.
coffer_leader() {
    local n answer address
    for n in 0 1 2; do
        answer=$(curl -sf -m 2 "$(coffer_url "$n")/v1/sys/leader") || continue
        address=$(sed -n 's/.*"leader_address":"\([^"]*\)".*/\1/p' <<<"$answer")
        for m in 0 1 2; do
            if [[ $address == "$(coffer_url "$m")" ]] && coffer_health_is "$m" 200; then
                LEADER=$m
                return 0
            fi
        done
    done
    return 1
}

# coffer_voters : the active node lists three voters in its Raft configuration.
coffer_voters() {
    local answer
    answer=$(curl -sf -m 2 -H "X-Vault-Token: $ROOT_TOKEN" "$(coffer_url "$1")/v1/sys/storage/raft/configuration") || return 1
    (($(grep -o '"voter":true' <<<"$answer" | wc -l) == 3))
}

# form_coffer_cluster : node0 is initialised (one key share) and unsealed, KV v2 is mounted at secret/, node1 and
# node2 join through sys/storage/raft/join and are unsealed with the same key.
form_coffer_cluster() {
    local base init
    base="$(coffer_url 0)/v1"
    init=$(curl -sf -m 30 -X PUT --data-binary '{"secret_shares":1,"secret_threshold":1}' "$base/sys/init") \
        || { echo "sys/init failed on node0" >&2; return 1; }
    UNSEAL_KEY=$(sed -n 's/.*"keys_base64":\["\([^"]*\)".*/\1/p' <<<"$init")
    ROOT_TOKEN=$(sed -n 's/.*"root_token":"\([^"]*\)".*/\1/p' <<<"$init")
    coffer_unseal 0 || { echo "unsealing node0 failed" >&2; return 1; }
    eventually 30 coffer_health_is 0 200 || { echo "node0 did not become active" >&2; return 1; }
    curl -sf -o /dev/null -m 10 -H "X-Vault-Token: $ROOT_TOKEN" -X POST \
        --data-binary '{"type":"kv","options":{"version":"2"}}' "$base/sys/mounts/secret" \
        || { echo "mounting KV v2 at secret/ failed" >&2; return 1; }
    for n in 1 2; do
        curl -sf -o /dev/null -m 30 -X PUT --data-binary "{\"leader_api_addr\":\"$(coffer_url 0)\"}" \
            "$(coffer_url "$n")/v1/sys/storage/raft/join" || { echo "node$n could not join" >&2; return 1; }
        coffer_unseal "$n" || { echo "unsealing node$n failed" >&2; return 1; }
        eventually 60 coffer_health_is "$n" 429 || { echo "node$n did not become an unsealed standby" >&2; return 1; }
    done
    eventually 30 coffer_voters 0 || { echo "the cluster does not list three voters" >&2; return 1; }
}

# ---- Load --------------------------------------------------------------------------------------

# write_lua KIND FILE : the wrk script for Coffer or etcd. Both write the value {"user":"alice"} to one of 1,000 keys
# chosen at random per request; response() counts every answer that is not a 2xx (a fast error would otherwise look
# like throughput) and done() prints one machine-readable line.
write_lua() {
    local kind=$1 file=$2
    {
        echo 'wrk.method = "POST"'
        echo 'wrk.headers["Content-Type"] = "application/json"'
        if [[ $kind == coffer ]]; then
            echo "wrk.headers[\"X-Vault-Token\"] = [==[$ROOT_TOKEN]==]"
            cat <<'LUA'
local body = '{"data":{"user":"alice"}}'
request = function() return wrk.format(nil, "/v1/secret/data/bench-" .. math.random(0, 999), nil, body) end
LUA
        else
            cat <<'LUA'
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local present = c and 4 or (b and 3 or 2)
    for j = 1, 4 do
      if j <= present then
        local k = math.floor(n / 2 ^ (6 * (4 - j))) % 64
        out[#out + 1] = alphabet:sub(k + 1, k + 1)
      else
        out[#out + 1] = "="
      end
    end
  end
  return table.concat(out)
end
local value = base64('{"user":"alice"}')
local bodies = {}
for i = 0, 999 do bodies[i] = '{"key":"' .. base64("bench-" .. i) .. '","value":"' .. value .. '"}' end
request = function() return wrk.format(nil, "/v3/kv/put", nil, bodies[math.random(0, 999)]) end
LUA
        fi
        cat <<'LUA'
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) bad = 0 end
response = function(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
done = function(summary, latency, requests)
  local notok = 0
  for _, thread in ipairs(threads) do notok = notok + thread:get("bad") end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %.0f %.0f\n", summary.requests, summary.duration,
    notok, socket, latency:percentile(50), latency:percentile(99)))
end
LUA
    } >"$file"
}

# run_wrk SECONDS CONNECTIONS THREADS KIND URL : one wrk run; sets RUN to "req/s p50_ms p99_ms non_2xx socket_errors".
run_wrk() {
    local seconds=$1 connections=$2 threads=$3 kind=$4 url=$5 out="$WORK/wrk.out" line
    interruptibly timeout $((seconds + 15)) wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 5s \
        -s "$WORK/$kind.lua" "$url" >"$out" 2>&1 || true
    line=$(grep '^RESULT ' "$out") || { echo "wrk failed against $url:" >&2; tail -n 5 "$out" >&2; return 1; }
    RUN=$(awk '{ printf "%.0f %.2f %.2f %d %d\n", $2 / ($3 / 1e6), $6 / 1000, $7 / 1000, $4, $5 }' <<<"$line")
}

# median RUN... : sets RPS, P50, P99 from the run with the median req/s, BAD summed over all runs.
median() {
    read -r RPS P50 P99 _ _ < <(printf '%s\n' "$@" | sort -n -k1,1 | sed -n "$((($# + 1) / 2))p")
    BAD=$(printf '%s\n' "$@" | awk '{ bad += $4 + $5 } END { print bad + 0 }')
}

# probe_write KIND URL : the HTTP status of one write, as wrk will send it.
probe_write() {
    if [[ $1 == coffer ]]; then
        curl -s -o /dev/null -m 5 -w '%{http_code}' -H "X-Vault-Token: $ROOT_TOKEN" -H "Content-Type: application/json" \
            --data-binary '{"data":{"user":"alice"}}' "$2/v1/secret/data/bench-probe" || true
    else
        curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Content-Type: application/json" \
            --data-binary "{\"key\":\"$(printf bench-probe | base64)\",\"value\":\"$(printf '{"user":"alice"}' | base64)\"}" \
            "$2/v3/kv/put" || true
    fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }

selected() { [[ -z ${BENCH_ONLY:-} || ,$BENCH_ONLY, == *",$1,"* ]]; }

# compare NAME CONNECTIONS THREADS : warm-up, then ROUNDS measured runs per cluster alternating which goes first;
# sets ETCD_RESULT and COFFER_RESULT to "req/s p50 p99 bad" (medians) and PROBLEM when a cluster could not be measured.
compare() {
    local name=$1 connections=$2 threads=$3 etcd_target coffer_target status
    etcd_target="$(etcd_url "$ETCD_LEADER")/v3/kv/put"
    coffer_target="$(coffer_url "$COFFER_LEADER")/v1/secret/data/bench"
    PROBLEM=
    for kind in etcd coffer; do
        local url=$etcd_target
        [[ $kind == coffer ]] && url=$coffer_target
        status=$(probe_write "$kind" "${url%%/v*}")
        [[ $status == 2?? ]] || PROBLEM+="$kind answers a write with HTTP $status; "
    done
    [[ -n $PROBLEM ]] && return 0
    echo "measuring $name: ${WARMUP}s warm-up per cluster, then $ROUNDS x ${DURATION}s" >&2
    run_wrk "$WARMUP" "$connections" "$threads" etcd "$etcd_target" || { PROBLEM="wrk could not run against etcd"; return 0; }
    run_wrk "$WARMUP" "$connections" "$threads" coffer "$coffer_target" || { PROBLEM="wrk could not run against coffer"; return 0; }
    sleep "$SETTLE_SECONDS"
    local etcd_runs=() coffer_runs=()
    for ((round = 1; round <= ROUNDS; round++)); do
        for side in $( ((round % 2)) && echo etcd coffer || echo coffer etcd); do
            if [[ $side == etcd ]]; then
                run_wrk "$DURATION" "$connections" "$threads" etcd "$etcd_target" || { PROBLEM="wrk could not run against etcd"; return 0; }
                etcd_runs+=("$RUN")
            else
                run_wrk "$DURATION" "$connections" "$threads" coffer "$coffer_target" || { PROBLEM="wrk could not run against coffer"; return 0; }
                coffer_runs+=("$RUN")
            fi
        done
    done
    median "${etcd_runs[@]}"
    ETCD_RESULT="$RPS $P50 $P99 $BAD"
    median "${coffer_runs[@]}"
    COFFER_RESULT="$RPS $P50 $P99 $BAD"
}

# ---- Leader kills ------------------------------------------------------------------------------

# start_driver KIND : starts bench/failover-gap.cs (built in Release) writing to the three nodes of KIND, as a
# coprocess the script talks to: DRIVER_IN / DRIVER_OUT.
start_driver() {
    local kind=$1 urls=()
    for n in 0 1 2; do
        if [[ $kind == coffer ]]; then urls+=(--url "$(coffer_url "$n")"); else urls+=(--url "$(etcd_url "$n")"); fi
    done
    coproc DRIVER { BENCH_TOKEN=$ROOT_TOKEN exec dotnet "$DRIVER_DLL" --kind "$kind" "${urls[@]}" 2>>"$WORK/driver.log"; }
    exec {DRIVER_IN}>&"${DRIVER[1]}" {DRIVER_OUT}<&"${DRIVER[0]}"
}

stop_driver() {
    { echo quit >&"$DRIVER_IN"; } 2>/dev/null || true
    exec {DRIVER_IN}>&- {DRIVER_OUT}<&-
    local pid=$DRIVER_PID
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    stop_process "$pid"
    DRIVER_PID=
}

# ask_driver COMMAND SECONDS : sends one command and sets ANSWER to the driver's one-line answer.
ask_driver() {
    echo "$1" >&"$DRIVER_IN"
    ANSWER=
    read -r -t "$2" -u "$DRIVER_OUT" ANSWER || ANSWER="NO-ANSWER from the driver within $2 s"
}

# kill_rounds KIND ROUNDS : kills the leader ROUNDS times under the driver's writes and restarts it between rounds;
# sets GAPS to the measured gaps in ms (or "timeout") and prints one line per round.
kill_rounds() {
    local kind=$1 rounds=$2 victim pid gap
    GAPS=()
    start_driver "$kind"
    ask_driver ready 40
    if [[ $ANSWER != READY ]]; then
        echo "  $kind: writes do not succeed before the first kill: $ANSWER" >&2
        stop_driver
        return 1
    fi
    for ((round = 1; round <= rounds; round++)); do
        if [[ $kind == coffer ]]; then
            eventually 30 coffer_leader || { echo "  coffer: no active node before round $round" >&2; break; }
            victim=$LEADER pid=${PIDS[3 + LEADER]}
        else
            eventually 30 etcd_leader || { echo "  etcd: no leader before round $round" >&2; break; }
            victim=$LEADER pid=${PIDS[LEADER]}
        fi
        ask_driver "kill $pid" 40
        wait "$pid" 2>/dev/null || true
        if [[ $ANSWER == GAP\ * ]]; then
            read -r _ gap since failed kinds <<<"$ANSWER"
            GAPS+=("$gap")
            printf '  %-6s round %d: killed node%d (pid %d); gap %5d ms (first success %d ms after the kill; %d failed writes: %s)\n' \
                "$kind" "$round" "$victim" "$pid" "$gap" "$since" "$failed" "$kinds"
        else
            GAPS+=(timeout)
            echo "  $kind round $round: killed node$victim (pid $pid): $ANSWER"
        fi
        # Bring the node back so that the next round starts from three healthy members.
        if [[ $kind == coffer ]]; then
            if ! { start_coffer "$victim" && coffer_unseal "$victim" && eventually 60 coffer_health_is "$victim" 429; }; then
                echo "  coffer: node$victim did not come back as an unsealed standby" >&2
                break
            fi
        else
            start_etcd "$victim"
            eventually 60 etcd_healthy "$victim" || { echo "  etcd: e$victim did not come back healthy" >&2; break; }
        fi
    done
    stop_driver
}

# median_gap GAP... : the median in ms, "timeout" when the median round did not recover.
median_gap() {
    printf '%s\n' "$@" | sed 's/^timeout$/999999/' | sort -n | sed -n "$((($# + 1) / 2))p" | sed 's/^999999$/timeout/'
}

# ---- Run ---------------------------------------------------------------------------------------

apt_install wrk wrk
apt_install etcd etcd-server
etcd --version | head -n 1
DRIVER_DIR="$REPO/bench/bin/failover-gap"
DRIVER_DLL="$DRIVER_DIR/failover-gap.dll"
if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
    build src/Coffer.Cli "$REPO/src/Coffer.Cli/Coffer.Cli.csproj"
    build bench/failover-gap.cs "$REPO/bench/failover-gap.cs" -o "$DRIVER_DIR"
fi
COFFER_EXE=${BENCH_COFFER_EXE:-"$REPO/src/Coffer.Cli/bin/Release/net10.0/coffer"}
[[ -x $COFFER_EXE ]] || fail "missing $COFFER_EXE (build it, or unset BENCH_SKIP_BUILD)"
[[ -f $DRIVER_DLL ]] || fail "missing $DRIVER_DLL (unset BENCH_SKIP_BUILD)"

for ((p = 0; p < 6; p++)); do
    port_in_use $((ETCD_PORT + p)) && fail "127.0.0.1:$((ETCD_PORT + p)) is already in use; set BENCH_ETCD_PORT"
    port_in_use $((COFFER_PORT + p)) && fail "127.0.0.1:$((COFFER_PORT + p)) is already in use; set BENCH_COFFER_PORT"
done

echo "starting three etcd members and three Coffer nodes on 127.0.0.1"
for n in 0 1 2; do
    start_etcd "$n"
    write_coffer_config "$n"
done
for n in 0 1 2; do
    wait_http "etcd e$n" "${PIDS[n]}" "$(etcd_url "$n")/health" "$WORK/etcd-$n.log" || fail "etcd did not start"
done
for n in 0 1 2; do
    start_coffer "$n" || fail "coffer node$n did not start"
done
eventually 30 etcd_leader || fail "the etcd cluster elected no leader"
ETCD_LEADER=$LEADER
form_coffer_cluster || fail "the Coffer cluster could not be formed (logs: $WORK is removed on exit; rerun to see them)"
eventually 30 coffer_leader || fail "the Coffer cluster has no active node"
COFFER_LEADER=$LEADER
write_lua etcd "$WORK/etcd.lua"
write_lua coffer "$WORK/coffer.lua"

echo
echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC')  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "etcd $(etcd --version | sed -n 's/^etcd Version: //p') leader e$ETCD_LEADER; Coffer leader node$COFFER_LEADER," \
    "performance_multiplier $MULTIPLIER$( ((MULTIPLIER == 0)) && echo ' (default 5)'), reads: $READS"
echo

FAILED=0
ROWS=()
row() { ROWS+=("$(printf '%-26s %14s %14s %7s %9s  %s' "$@")"); }

if selected throughput; then
    compare "throughput ($CONNECTIONS connections)" "$CONNECTIONS" "$THREADS"
    if [[ -n $PROBLEM ]]; then
        row "writes/s ($CONNECTIONS conn)" n/a n/a n/a ">= $THROUGHPUT_TARGET" "FAIL ($PROBLEM)"
        FAILED=1
    else
        read -r e_rps e_p50 e_p99 e_bad <<<"$ETCD_RESULT"
        read -r c_rps c_p50 c_p99 c_bad <<<"$COFFER_RESULT"
        r=$(ratio "$c_rps" "$e_rps")
        v=$(verdict at_least "$r" "$THROUGHPUT_TARGET")
        row "writes/s ($CONNECTIONS conn)" "$e_rps" "$c_rps" "$r" ">= $THROUGHPUT_TARGET" "$v"
        [[ $v == PASS ]] || FAILED=1
        r=$(ratio "$c_p99" "$e_p99")
        v=$(verdict at_least "$P99_TARGET" "$r")
        row "p99 ms ($CONNECTIONS conn)" "$e_p99" "$c_p99" "$r" "<= $P99_TARGET" "$v"
        [[ $v == PASS ]] || FAILED=1
        row "p50 ms ($CONNECTIONS conn)" "$e_p50" "$c_p50" "$(ratio "$c_p50" "$e_p50")" "" reported
        if ((e_bad + c_bad > 0)); then
            row "non-2xx or socket errors" "$e_bad" "$c_bad" "" "0" FAIL
            FAILED=1
        fi
    fi
fi

if selected single; then
    compare "one write at a time" 1 1
    if [[ -n $PROBLEM ]]; then
        row "p50 ms (1 writer)" n/a n/a n/a "<= $SINGLE_P50_TARGET" "FAIL ($PROBLEM)"
        FAILED=1
    else
        read -r e_rps e_p50 e_p99 e_bad <<<"$ETCD_RESULT"
        read -r c_rps c_p50 c_p99 c_bad <<<"$COFFER_RESULT"
        r=$(ratio "$c_p50" "$e_p50")
        v=$(verdict at_least "$SINGLE_P50_TARGET" "$r")
        row "p50 ms (1 writer)" "$e_p50" "$c_p50" "$r" "<= $SINGLE_P50_TARGET" "$v"
        [[ $v == PASS ]] || FAILED=1
        row "p99 ms (1 writer)" "$e_p99" "$c_p99" "$(ratio "$c_p99" "$e_p99")" "" reported
        row "writes/s (1 writer)" "$e_rps" "$c_rps" "$(ratio "$c_rps" "$e_rps")" "" reported
        if ((e_bad + c_bad > 0)); then
            row "non-2xx or socket errors" "$e_bad" "$c_bad" "" "0" FAIL
            FAILED=1
        fi
    fi
fi

if selected kill; then
    echo "leader kills under write load (4 writers per node, each node written to; standbys forward):" >&2
    etcd_gap=n/a
    if ((ETCD_KILLS > 0)); then
        if kill_rounds etcd "$ETCD_KILLS" && ((${#GAPS[@]} > 0)); then
            etcd_gap=$(median_gap "${GAPS[@]}")
        fi
    fi
    coffer_gap=
    if kill_rounds coffer "$KILLS" && ((${#GAPS[@]} == KILLS)); then
        coffer_gap=$(median_gap "${GAPS[@]}")
    fi
    if [[ -z $coffer_gap ]]; then
        row "failover gap ms (median)" "$etcd_gap" n/a "" "<= $FAILOVER_TARGET_MS" "FAIL (not every round ran)"
        FAILED=1
    elif [[ $coffer_gap == timeout ]]; then
        row "failover gap ms (median)" "$etcd_gap" timeout "" "<= $FAILOVER_TARGET_MS" FAIL
        FAILED=1
    else
        v=$( ((coffer_gap <= FAILOVER_TARGET_MS)) && echo PASS || echo FAIL)
        r=n/a
        [[ $etcd_gap =~ ^[0-9]+$ ]] && r=$(ratio "$coffer_gap" "$etcd_gap")
        row "failover gap ms (median)" "$etcd_gap" "$coffer_gap" "$r" "<= $FAILOVER_TARGET_MS" "$v"
        [[ $v == PASS ]] || FAILED=1
    fi
fi

echo
printf '%-26s %14s %14s %7s %9s  %s\n' measure etcd coffer "c/e" target result
for line in "${ROWS[@]}"; do
    echo "$line"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$FAILED"
