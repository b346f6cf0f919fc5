#!/usr/bin/env bash
# Coffer's HTTP throughput as a fraction of this machine's ceiling: the same wrk load against a bare
# ASP.NET Core app (bench/BareApp) and against `coffer server -dev`, one scenario at a time.
# See bench/README.md for how to read the table.
#
# Environment (all optional):
#   BENCH_DURATION=10      seconds of each measured wrk run (1..15)
#   BENCH_WARMUP=3         seconds of the warm-up run per server and scenario (1..15)
#   BENCH_ROUNDS=1         measured runs per server and scenario, alternating bare and Coffer; the
#                          table shows each side's median run (use 3 or more on a shared machine)
#   BENCH_BARE_PORT=18281  BENCH_COFFER_PORT=18282   loopback ports for the two servers
#   BENCH_READY_TIMEOUT=60 seconds a server may take to answer its first request
#   BENCH_SKIP_BUILD=1     reuse the existing Release build
#   BENCH_COFFER_EXE=path  another coffer executable (another branch's build, say) instead of this tree's
#   BENCH_ONLY=name,...    run only these scenarios
#   BENCH_STORAGE=file     run Coffer from a config file on the durable file backend (initialised and unsealed by
#                          the script) instead of the in-memory dev server, and print the fsync rate beside it
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
ROUNDS=${BENCH_ROUNDS:-1}
BARE_PORT=${BENCH_BARE_PORT:-18281}
COFFER_PORT=${BENCH_COFFER_PORT:-18282}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-60}
CONNECTIONS=64
THREADS=2
MAX_RUN_SECONDS=15
SETTLE_SECONDS=2
ROOT_TOKEN=bench-root
BATCH_TOKEN=
STORAGE=${BENCH_STORAGE:-inmem}
BENCH_SCRIPT=http.sh
# shellcheck source=bench/lib.sh
source "$REPO/bench/lib.sh"

# ---- Scenarios ---------------------------------------------------------------------------------
# One call per scenario: name, HTTP method, path, one header ("Name: value" or ""), JSON body ("" for
# none), target ratio (Coffer req/s / bare req/s must reach it). Both servers get exactly this request.
S_NAME=() S_METHOD=() S_PATH=() S_HEADER=() S_BODY=() S_TARGET=()
scenario() { S_NAME+=("$1") S_METHOD+=("$2") S_PATH+=("$3") S_HEADER+=("$4") S_BODY+=("$5") S_TARGET+=("$6"); }

# In paths, "NNN" is replaced per request by a random number from 0 to 999 (writers spread over 1,000 keys, as
# many clients writing their own secrets do; writes to one key serialise on its lock in Coffer as in Vault).
# In headers, "@root" stands for the root token and "@batch" for a batch token that setup_coffer mints from the
# failover-handler role. kv-read-audited runs with a file audit device enabled just before it and disabled just after
# it (see AUDIT_FROM), right after kv-read: both reads then meet the same heap (service-create, for one, leaves
# hundreds of thousands of tokens in memory, which would slow a later read for reasons that are not audit).
#        name             method  path                                    header                 body                        target
scenario sys-health       GET     /v1/sys/health                          ""                     ""                          0.7
scenario sys-mounts       GET     /v1/sys/mounts                          "X-Vault-Token: @root" ""                          0.5
scenario kv-read          GET     /v1/secret/data/bench                   "X-Vault-Token: @root" ""                          0.45
scenario kv-read-audited  GET     /v1/secret/data/bench                   "X-Vault-Token: @root" ""                          0
scenario kv-write         POST    /v1/secret/data/bench-NNN               "X-Vault-Token: @root" '{"data":{"user":"alice"}}' 0.35
scenario batch-create     POST    /v1/auth/token/create/failover-handler  "X-Vault-Token: @root" '{"ttl":"8h"}'              0.35
scenario batch-lookup     GET     /v1/auth/token/lookup-self              "X-Vault-Token: @batch" ""                         0.5
scenario service-create   POST    /v1/auth/token/create                   "X-Vault-Token: @root" '{"policies":["default"]}'  0
# The audited read is judged against the unaudited one (kv-read) rather than against the bare app.
AUDIT_FROM=kv-read-audited AUDIT_BASELINE=kv-read AUDIT_TARGET=0.7
# ------------------------------------------------------------------------------------------------

for setting in DURATION WARMUP; do
    value=${!setting}
    if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > MAX_RUN_SECONDS)); then
        fail "BENCH_$setting must be a whole number of seconds from 1 to $MAX_RUN_SECONDS (got '$value')"
    fi
done
if ! [[ $ROUNDS =~ ^[0-9]+$ ]] || ((ROUNDS < 1 || ROUNDS > 9)); then
    fail "BENCH_ROUNDS must be from 1 to 9 (got '$ROUNDS')"
fi

# write_lua INDEX FILE : the wrk script for one scenario; its done() prints one machine-readable line.
write_lua() {
    local i=$1 file=$2
    {
        echo "wrk.method = $(lua_string "${S_METHOD[i]}")"
        if [[ -n ${S_HEADER[i]} ]]; then
            local header
            header=$(expand_header "${S_HEADER[i]}")
            local name=${header%%:*} value=${header#*:}
            echo "wrk.headers[ $(lua_string "$name") ] = $(lua_string "${value# }")"
        fi
        if [[ -n ${S_BODY[i]} ]]; then
            echo "wrk.body = $(lua_string "${S_BODY[i]}")"
            echo 'wrk.headers["Content-Type"] = "application/json"'
        fi
        if [[ ${S_PATH[i]} == *NNN* ]]; then
            echo "local path = $(lua_string "${S_PATH[i]}")"
            echo 'request = function() return wrk.format(nil, (string.gsub(path, "NNN", tostring(math.random(0, 999))))) end'
        fi
        wrk_done_hook
    } >"$file"
}

# run_wrk SECONDS INDEX PORT : one wrk run of a scenario; sets RUN (see wrk_measure in lib.sh).
run_wrk() { wrk_measure "$1" "$WORK/scenario-$2.lua" "http://127.0.0.1:$3${S_PATH[$2]}"; }

# probe INDEX PORT : the HTTP status one request of the scenario gets.
probe() {
    local i=$1 port=$2
    local args=(-s -o /dev/null -m 5 -w '%{http_code}' -X "${S_METHOD[i]}")
    [[ -n ${S_HEADER[i]} ]] && args+=(-H "$(expand_header "${S_HEADER[i]}")")
    [[ -n ${S_BODY[i]} ]] && args+=(-H "Content-Type: application/json" --data-binary "${S_BODY[i]}")
    # curl prints 000 itself when it gets no response.
    curl "${args[@]}" "http://127.0.0.1:$port${S_PATH[i]}" || true
}

expand_header() {
    local header=${1//@batch/$BATCH_TOKEN}
    printf '%s' "${header//@root/$ROOT_TOKEN}"
}

# init_file_coffer : a server started from a config file must be initialised and unsealed, and KV v2 mounted.
init_file_coffer() {
    local base="http://127.0.0.1:$COFFER_PORT/v1" init key
    init=$(curl -sf -X PUT --data-binary '{"secret_shares":1,"secret_threshold":1}' "$base/sys/init") || return 1
    key=$(sed -n 's/.*"keys_base64":\["\([^"]*\)".*/\1/p' <<<"$init")
    ROOT_TOKEN=$(sed -n 's/.*"root_token":"\([^"]*\)".*/\1/p' <<<"$init")
    curl -sf -o /dev/null -X PUT --data-binary "{\"key\":\"$key\"}" "$base/sys/unseal" || return 1
    curl -sf -o /dev/null -H "X-Vault-Token: $ROOT_TOKEN" -X POST \
        --data-binary '{"type":"kv","options":{"version":"2"}}' "$base/sys/mounts/secret"
}

# enable_audit / disable_audit : a file audit device, for the audited scenario only.
enable_audit() {
    curl -sf -o /dev/null -H "X-Vault-Token: $ROOT_TOKEN" -X PUT \
        --data-binary "{\"type\":\"file\",\"options\":{\"file_path\":\"$WORK/audit.log\"}}" \
        "http://127.0.0.1:$COFFER_PORT/v1/sys/audit/bench"
}
disable_audit() {
    curl -sf -o /dev/null -H "X-Vault-Token: $ROOT_TOKEN" -X DELETE "http://127.0.0.1:$COFFER_PORT/v1/sys/audit/bench"
}

# eventually COMMAND... : retries COMMAND for up to 20 s (a dev server answers before it has finished unsealing).
eventually() {
    local deadline=$((SECONDS + 20))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# setup_coffer : what the scenarios read must exist: a KV secret, the user story's policy and batch role, a batch token.
setup_coffer() {
    local base="http://127.0.0.1:$COFFER_PORT/v1" auth=(-H "X-Vault-Token: $ROOT_TOKEN" -H "Content-Type: application/json")
    curl -sf -o /dev/null "${auth[@]}" -X POST --data-binary '{"data":{"user":"alice"}}' "$base/secret/data/bench" || return 1
    curl -sf -o /dev/null "${auth[@]}" -X PUT \
        --data-binary '{"policy":"path \"sys/storage/raft/autopilot/state\" { capabilities = [\"read\"] }"}' \
        "$base/sys/policies/acl/dr-secondary-promotion" || return 1
    curl -sf -o /dev/null "${auth[@]}" -X POST \
        --data-binary '{"allowed_policies":"dr-secondary-promotion","orphan":true,"renewable":false,"token_type":"batch"}' \
        "$base/auth/token/roles/failover-handler" || return 1
    BATCH_TOKEN=$(curl -sf "${auth[@]}" -X POST --data-binary '{"ttl":"8h"}' "$base/auth/token/create/failover-handler" \
        | sed -n 's/.*"client_token":"\([^"]*\)".*/\1/p')
    [[ $BATCH_TOKEN == hvb.* ]]
}

selected() { [[ -z ${BENCH_ONLY:-} || ,$BENCH_ONLY, == *",$1,"* ]]; }

install_wrk
if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
    build bench/BareApp/BareApp.csproj
    build src/Coffer.Cli/Coffer.Cli.csproj
fi

BARE_DLL="$REPO/bench/BareApp/bin/Release/net10.0/BareApp.dll"
COFFER_EXE=${BENCH_COFFER_EXE:-"$REPO/src/Coffer.Cli/bin/Release/net10.0/coffer"}
[[ -f $BARE_DLL ]] || fail "missing $BARE_DLL (build it, or unset BENCH_SKIP_BUILD)"

for port in "$BARE_PORT" "$COFFER_PORT"; do
    port_in_use "$port" && fail "127.0.0.1:$port is already in use; set BENCH_BARE_PORT / BENCH_COFFER_PORT"
done

start bare-app "$WORK/bare.log" dotnet "$BARE_DLL" --urls "http://127.0.0.1:$BARE_PORT"
BARE_PID=$STARTED_PID
wait_ready bare-app "$BARE_PID" "$BARE_PORT" "$WORK/bare.log" || fail "the bare app did not start"

COFFER_UP=1
if [[ ! -x $COFFER_EXE ]]; then
    echo "COFFER NOT STARTED: $COFFER_EXE is missing" >&2
    COFFER_UP=
else
    if [[ $STORAGE == file ]]; then
        cat >"$WORK/coffer.hcl" <<HCL
storage "file" {
  path = "$WORK/data"
}
listener "tcp" {
  address     = "127.0.0.1:$COFFER_PORT"
  tls_disable = true
}
log_level = "warn"
HCL
        start coffer "$WORK/coffer.log" "$COFFER_EXE" server -config "$WORK/coffer.hcl"
    else
        start coffer "$WORK/coffer.log" "$COFFER_EXE" server -dev "-dev-root-token-id=$ROOT_TOKEN" \
            "-dev-listen-address=127.0.0.1:$COFFER_PORT" -dev-no-store-token -log-level=warn
    fi
    COFFER_PID=$STARTED_PID
    if ! wait_ready coffer "$COFFER_PID" "$COFFER_PORT" "$WORK/coffer.log"; then
        echo "COFFER NOT STARTED: 'coffer server' did not come up; only the bare app is measured" >&2
        COFFER_UP=
    elif [[ $STORAGE == file ]] && ! init_file_coffer; then
        echo "COFFER SETUP FAILED: could not initialise and unseal the file-backed server" >&2
    elif ! eventually setup_coffer; then
        echo "COFFER SETUP FAILED: could not create the secret, role and batch token the scenarios use" >&2
    fi
fi

echo
load_line
echo "wrk: $THREADS threads, $CONNECTIONS connections; per server and scenario ${WARMUP}s warm-up, then $ROUNDS x ${DURATION}s measured (median shown)"
echo

ROWS=()
FAILED=0
declare -A COFFER_RPS=()
for i in "${!S_NAME[@]}"; do
    selected "${S_NAME[i]}" || continue
    if [[ ${S_NAME[i]} == "$AUDIT_FROM" && -n $COFFER_UP ]] && ! enable_audit; then
        echo "could not enable the file audit device" >&2
    fi
    write_lua "$i" "$WORK/scenario-$i.lua"
    echo "measuring ${S_NAME[i]}: ${S_METHOD[i]} ${S_PATH[i]}" >&2

    # Coffer takes part only when it runs and answers this request with a 2xx: a 403 or 404 would be
    # measured as fast failures.
    coffer_problem=
    if [[ -z $COFFER_UP ]]; then
        coffer_problem="coffer not running"
    elif ! kill -0 "$COFFER_PID" 2>/dev/null; then
        coffer_problem="coffer exited"
    elif status=$(probe "$i" "$COFFER_PORT") && [[ $status != 2?? ]]; then
        coffer_problem="coffer answers HTTP $status"
    fi

    run_wrk "$WARMUP" "$i" "$BARE_PORT" || fail "wrk could not run against the bare app"
    if [[ -z $coffer_problem ]] && ! run_wrk "$WARMUP" "$i" "$COFFER_PORT"; then
        coffer_problem="wrk could not run against coffer"
    fi
    # After a warm-up the runtime keeps compiling hot methods (tiered JIT) on a background thread for a
    # moment; on two cores that would slow whichever server is measured next. Let it settle, and swap
    # the order every round so neither side always goes first.
    sleep "$SETTLE_SECONDS"
    bare_runs=() coffer_runs=()
    for ((round = 1; round <= ROUNDS; round++)); do
        for side in $( ((round % 2)) && echo bare coffer || echo coffer bare); do
            if [[ $side == bare ]]; then
                run_wrk "$DURATION" "$i" "$BARE_PORT" || fail "wrk could not run against the bare app"
                bare_runs+=("$RUN")
            elif [[ -z $coffer_problem ]]; then
                if run_wrk "$DURATION" "$i" "$COFFER_PORT"; then
                    coffer_runs+=("$RUN")
                else
                    coffer_problem="wrk could not run against coffer"
                fi
            fi
        done
    done

    median "${bare_runs[@]}"
    bare_rps=$RPS bare_p50=$P50 bare_p99=$P99 bare_bad=$BAD bare_socket=$SOCKET
    coffer_rps=n/a coffer_p50=n/a coffer_p99=n/a ratio=n/a
    if [[ -n $coffer_problem ]]; then
        result="FAIL ($coffer_problem)"
    else
        median "${coffer_runs[@]}"
        coffer_rps=$RPS coffer_p50=$P50 coffer_p99=$P99
        COFFER_RPS[${S_NAME[i]}]=$coffer_rps
        ratio=$(awk -v c="$coffer_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", (b > 0 ? c / b : 0) }')
        if ((BAD + SOCKET > 0)); then
            result="FAIL (coffer: $BAD bad statuses, $SOCKET socket errors)"
        elif [[ ${S_TARGET[i]} == 0 ]]; then
            result=reported
        elif awk -v r="$ratio" -v t="${S_TARGET[i]}" 'BEGIN { exit !(r >= t) }'; then
            result=PASS
        else
            result=FAIL
        fi
    fi
    if ((bare_bad + bare_socket > 0)); then
        result="$result; bare app had $bare_bad bad statuses, $bare_socket socket errors"
    fi
    [[ $result == PASS || $result == reported ]] || FAILED=1
    ROWS+=("$(printf '%-14s %11s %12s %6s %15s %15s %7s  %s' "${S_NAME[i]}" "$bare_rps" "$coffer_rps" "$ratio" \
        "$bare_p50/$coffer_p50" "$bare_p99/$coffer_p99" "${S_TARGET[i]}" "$result")")
    if [[ ${S_NAME[i]} == "$AUDIT_FROM" && -n $COFFER_UP ]] && ! disable_audit; then
        echo "could not disable the file audit device" >&2
    fi
done

echo
printf '%-14s %11s %12s %6s %15s %15s %7s  %s\n' scenario "bare req/s" "coffer req/s" ratio \
    "p50 ms b/c" "p99 ms b/c" target result
for row in "${ROWS[@]}"; do
    echo "$row"
done
echo "(target 0 = reported, not judged against the bare app)"
if [[ -n ${COFFER_RPS[$AUDIT_FROM]:-} && -n ${COFFER_RPS[$AUDIT_BASELINE]:-} ]]; then
    audit_ratio=$(awk -v a="${COFFER_RPS[$AUDIT_FROM]}" -v b="${COFFER_RPS[$AUDIT_BASELINE]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    verdict=$(awk -v r="$audit_ratio" -v t="$AUDIT_TARGET" 'BEGIN { print (r >= t ? "PASS" : "FAIL") }')
    echo "audit cost: $AUDIT_FROM / $AUDIT_BASELINE = $audit_ratio (target >= $AUDIT_TARGET) $verdict"
    [[ $verdict == PASS ]] || FAILED=1
fi
if [[ $STORAGE == file ]]; then
    echo "fsync rate of this machine (4 KiB write + fsync, same file system): $(bash "$REPO/bench/fsync-rate.sh" --dir "$WORK" --quiet) per second"
fi
exit "$FAILED"
