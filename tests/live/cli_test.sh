#!/usr/bin/env bash
# Command-line tests of raftsim node and cluster, one case per ctest test:
#   cli_test.sh CASE RAFTSIM
# Real processes on free loopback ports; every wait is bounded and generous, and every
# process started is killed at the end, even when a check fails.
set -uo pipefail

case_name=$1
raftsim=$2
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
program=$raftsim
program_name=raftsim
fail_prefix="FAIL [$case_name]"
run_timeout=60
source "$(dirname "$0")/../cli_helpers.sh"

# free_ports N: N distinct loopback ports the OS says are free now.
free_ports() {
  python3 -c 'import socket,sys
s=[socket.socket() for _ in range(int(sys.argv[1]))]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"
}

# start_node LOG ARGS...: runs raftsim node in the background; its pid is in $node_pid.
start_node() {
  local log=$1
  shift
  "$raftsim" node "$@" >"$log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
}

# wait_for URL: until the URL answers 200 (at most 60 s).
wait_for() {
  for _ in $(seq 600); do
    if curl -s -f -m 2 -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  fail "no answer from $1 within 60 s"
  return 1
}

# put_ok HTTP KEY VALUE: a write through HTTP is acknowledged (retried through an election).
put_ok() {
  for _ in $(seq 100); do
    if [ "$(curl -s -L -m 5 -X PUT --data "$3" "http://$1/kv/$2")" = "OK" ]; then return 0; fi
    sleep 0.2
  done
  fail "PUT $2=$3 through $1 was never acknowledged"
  return 1
}

# A single-member cluster elects itself: enough for the data-directory cases.
read -r raft_port http_port other_port <<<"$(free_ports 3)"
single=(--id 1 --peers "1=127.0.0.1:$raft_port" --http "127.0.0.1:$http_port" --election-timeout-min 100
        --election-timeout-max 200 --heartbeat 20)

case $case_name in
  bad-arguments)
    run 2 node --id 4 --peers 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003 --data "$work/d" --http 127.0.0.1:8001
    has err "error: --id 4 is not among --peers (which lists nodes 1 to 3)"
    run 2 node --id 1 --peers 1=127.0.0.1:7001,3=127.0.0.1:7003 --data "$work/d" --http 127.0.0.1:8001
    has err "node 2 is missing (members are numbered 1 to N)"
    run 2 node --id 1 --peers 1=raft.example:7001 --data "$work/d" --http 127.0.0.1:8001
    has err "the host is not an IP address"
    run 2 node --id 1 --peers 1=127.0.0.1:7001 --data "$work/d" --http 127.0.0.1:99999
    has err "the port is not a number from 1 to 65535"
    run 2 node --id 1 --peers 1=127.0.0.1:7001 --data "$work/d" --http 127.0.0.1:8001 --heartbeat 2000
    has err "--heartbeat must be shorter than --election-timeout-min"
    run 2 node --id 1 --peers 1=127.0.0.1:7001 --data "$work/d" --http 127.0.0.1:7001
    has err "--http is the address this node uses for its peers"
    [ ! -e "$work/d" ] || fail "a refused start created the data directory"
    run 2 cluster --nodes 3 --data "$work/c" --heartbeat 5000
    has err "--heartbeat below --election-timeout-min"
    ;;
  help-and-exit-codes)
    for command in node cluster live-check; do
      run 0 $command --help
      has out "EXIT CODES"
      has out "  7  the data directory is another node's or cluster's, its WAL is corrupt, or it is in use"
      has out "  8  a write or fsync failed while running"
      for raw in ":INT" ":UINT" ":TEXT" ":FLOAT" " in ["; do
        if grep -qF -- "$raw" "$work/out"; then fail "'$command --help' shows CLI11's raw '$raw': $(grep -F -- "$raw" "$work/out")"; fi
      done
    done
    run 0 --help
    has out "node"
    has out "live-check"
    has out "  6-8  node, cluster and live-check only"
    run 2 live-check --trace
    has err "--trace needs --data"
    ;;
  port-in-use)
    start_node "$work/first.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    run 6 node --id 1 --peers "1=127.0.0.1:$raft_port" --http "127.0.0.1:$other_port" --data "$work/b"
    has err "cannot listen for peers on 127.0.0.1:$raft_port: Address already in use"
    run 6 node --id 1 --peers "1=127.0.0.1:$other_port" --http "127.0.0.1:$http_port" --data "$work/c"
    has err "cannot listen for HTTP on 127.0.0.1:$http_port"
    run 7 node "${single[@]}" --data "$work/a"
    has err "is locked by another process"
    ;;
  another-nodes-directory)
    start_node "$work/n.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    put_ok "127.0.0.1:$http_port" age 31
    kill -TERM "$node_pid"; wait "$node_pid"
    [ $? -eq 0 ] || fail "SIGTERM should stop the node with exit 0"
    run 7 node --id 2 --peers "1=127.0.0.1:$other_port,2=127.0.0.1:$raft_port" --http "127.0.0.1:$http_port" --data "$work/a"
    has err "is not this node's: it belongs to node 1, not node 2"
    run 7 node "${single[@]}" --data "$work/a" --cluster another
    has err "it belongs to cluster 'raftsim', not 'another'"
    ;;
  wal-torn-and-corrupt)
    start_node "$work/n.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    for i in 1 2 3 4 5; do put_ok "127.0.0.1:$http_port" "k$i" "v$i"; done
    kill -KILL "$node_pid"; wait "$node_pid" 2>/dev/null
    cp "$work/a/wal" "$work/whole"
    size=$(stat -c %s "$work/whole")
    # A crash in the middle of the last write: the restart cuts it and keeps the rest.
    head -c $((size - 3)) "$work/whole" >"$work/a/wal"
    start_node "$work/torn.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    grep -q "wal: cut a torn tail of" "$work/torn.log" || fail "no log line for the torn tail: $(cat "$work/torn.log")"
    put_ok "127.0.0.1:$http_port" after restart  # once elected, it has committed all it recovered
    [ "$(curl -s -m 5 "http://127.0.0.1:$http_port/kv/k4")" = "v4" ] || fail "k4 was lost with the torn tail"
    kill -TERM "$node_pid"; wait "$node_pid"
    # A flipped byte early in the file: corruption, and the node refuses to start.
    cp "$work/whole" "$work/a/wal"
    printf '\xff' | dd of="$work/a/wal" bs=1 seek=60 conv=notrunc status=none
    run 7 node "${single[@]}" --data "$work/a"
    has err "is corrupt at byte"
    has err "hint: refusing to guess"
    ;;
  full-disk)
    # A file-size limit makes the WAL's writes fail like a full disk: the node stops
    # (exit 8) and never acknowledges the write it could not persist.
    (ulimit -f 4; exec "$raftsim" node "${single[@]}" --data "$work/a") >"$work/n.log" 2>&1 &
    node_pid=$!
    pids+=("$node_pid")
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    put_ok "127.0.0.1:$http_port" k0 elected  # /status answers before the election is won
    acknowledged=(k0)
    for i in $(seq 200); do
      answer=$(curl -s -m 5 -X PUT --data "$(printf 'v%.0s' $(seq 100))" "http://127.0.0.1:$http_port/kv/k$i")
      if [ "$answer" != "OK" ]; then break; fi
      acknowledged+=("k$i")
    done
    wait "$node_pid"
    code=$?
    [ "$code" -eq 8 ] || fail "the node should exit 8 when its disk refuses a write, not $code"
    grep -q "this node stops (nothing it could not persist was acknowledged)" "$work/n.log" || fail "no log line: $(tail -3 "$work/n.log")"
    [ "${#acknowledged[@]}" -gt 0 ] || fail "nothing was acknowledged before the disk filled"
    start_node "$work/again.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    put_ok "127.0.0.1:$http_port" after restart  # once elected, it has committed all it recovered
    for key in "${acknowledged[@]}"; do
      [ -n "$(curl -s -f -m 5 "http://127.0.0.1:$http_port/kv/$key?local=1")" ] || fail "acknowledged $key is gone after the restart"
    done
    ;;
  http-api)
    start_node "$work/n.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    base="http://127.0.0.1:$http_port"
    put_ok "127.0.0.1:$http_port" first write  # the single server has elected itself
    [ "$(curl -s -m 5 "$base/req?age=31")" = "OK" ] || fail "/req?age=31 did not answer OK"
    [ "$(curl -s -m 5 "$base/kv/age")" = "31" ] || fail "GET /kv/age is not the value alone"
    [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$base/kv/nothing")" = "404" ] || fail "an absent key is not 404"
    [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X PUT --data x "$base/kv/bad%20key")" = "400" ] || fail "a bad key is not 400"
    head -c 70000 /dev/zero | tr '\0' a >"$work/big"
    [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X PUT --data-binary @"$work/big" "$base/kv/big")" = "413" ] ||
      fail "a body over 64 KiB is not refused with 413"
    printf '\xff\xfe' >"$work/binary"
    [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X PUT --data-binary @"$work/binary" "$base/kv/bin")" = "400" ] ||
      fail "a value that is not UTF-8 is not refused"
    curl -s -m 5 "$base/status" | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["role"]=="leader" and s["commit_index"]>=1 and s["applied_index"]==s["commit_index"], s' ||
      fail "/status is not the JSON expected"
    # A peer that sends garbage is cut off with a log line; the node goes on.
    printf '\x00\x00\x00\x05hello' >/dev/tcp/127.0.0.1/$raft_port
    sleep 0.5
    grep -q "transport: cut off a connection from 127.0.0.1: not valid JSON" "$work/n.log" || fail "no log line for a bad frame"
    [ "$(curl -s -m 5 "$base/kv/age")" = "31" ] || fail "the node stopped answering after a bad frame"
    ;;
  session-retry-applied-once)
    # A write retried in its client's session (X-Raftsim-Client, -Sequence) is applied
    # once, also after a restart (the WAL keeps the stamps); without one, twice.
    start_node "$work/n.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    base="http://127.0.0.1:$http_port"
    put_ok "127.0.0.1:$http_port" elected yes
    session=(-H "X-Raftsim-Client: 7" -H "X-Raftsim-Sequence: 1")
    [ "$(curl -s -m 5 -X PUT "${session[@]}" --data 1 "$base/kv/x")" = "OK" ] || fail "the first attempt is not OK"
    put_ok "127.0.0.1:$http_port" x 2  # another client's later write
    [ "$(curl -s -m 5 -X PUT "${session[@]}" --data 1 "$base/kv/x")" = "OK (applied before: a retry)" ] ||
      fail "the retry is not recognised"
    [ "$(curl -s -m 5 "$base/kv/x")" = "2" ] || fail "the retry was applied a second time: x is $(curl -s -m 5 "$base/kv/x")"
    kill -TERM "$node_pid"
    wait "$node_pid"
    start_node "$work/again.log" "${single[@]}" --data "$work/a"
    wait_for "http://127.0.0.1:$http_port/status" || exit 1
    put_ok "127.0.0.1:$http_port" elected again
    [ "$(curl -s -m 5 -X PUT "${session[@]}" --data 1 "$base/kv/x")" = "OK (applied before: a retry)" ] ||
      fail "the retry is not recognised after a restart"
    [ "$(curl -s -m 5 "$base/kv/x")" = "2" ] || fail "after a restart, the retry was applied a second time"
    [ "$(curl -s -m 5 -X PUT --data 3 "$base/kv/x")" = "OK" ] || fail "a write without a session is not OK"
    [ "$(curl -s -m 5 -o "$work/body" -w '%{http_code}' -X PUT -H "X-Raftsim-Client: 0" -H "X-Raftsim-Sequence: 1" --data 1 "$base/kv/x")" = "400" ] ||
      fail "client 0 is not refused"
    grep -q "X-Raftsim-Client must be a whole number from 1 to 4294967295" "$work/body" || fail "no reason for the 400: $(cat "$work/body")"
    [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X PUT -H "X-Raftsim-Client: 5" --data 1 "$base/kv/x")" = "400" ] ||
      fail "a client without a sequence number is not refused"
    ;;
  follower-forwards-or-redirects)
    read -r r1 r2 r3 h1 h2 h3 <<<"$(free_ports 6)"
    peers="1=127.0.0.1:$r1,2=127.0.0.1:$r2,3=127.0.0.1:$r3"
    timing=(--election-timeout-min 300 --election-timeout-max 600 --heartbeat 50)
    start_node "$work/n1.log" --id 1 --peers "$peers" --http "127.0.0.1:$h1" --data "$work/n1" "${timing[@]}"
    # With no majority up there is no leader: 503 with a retry hint.
    wait_for "http://127.0.0.1:$h1/status" || exit 1
    [ "$(curl -s -m 10 -o "$work/body" -D "$work/headers" -w '%{http_code}' -X PUT --data 1 "http://127.0.0.1:$h1/kv/x")" = "503" ] ||
      fail "a write without a leader is not 503"
    grep -qi "^Retry-After: 1" "$work/headers" || fail "no Retry-After header"
    grep -q "retry in 1 s" "$work/body" || fail "no retry hint: $(cat "$work/body")"
    start_node "$work/n2.log" --id 2 --peers "$peers" --http "127.0.0.1:$h2" --data "$work/n2" "${timing[@]}" --redirect
    start_node "$work/n3.log" --id 3 --peers "$peers" --http "127.0.0.1:$h3" --data "$work/n3" "${timing[@]}" --redirect
    for h in $h1 $h2 $h3; do put_ok "127.0.0.1:$h" "via$h" "$h"; done  # put_ok follows a 307 (curl -L)
    for h in $h1 $h2 $h3; do
      code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$h/kv/via$h1")
      [ "$code" = "200" ] || [ "$code" = "307" ] || fail "a read through $h answered $code"
    done
    [ "$(curl -s -L -m 5 "http://127.0.0.1:$h2/kv/via$h1")" = "$h1" ] || fail "following node 2's redirect does not read the value"
    ;;
  cluster-starts-and-stops)
    mkfifo "$work/input"
    "$raftsim" cluster --nodes 3 --data "$work/c" --election-timeout-min 300 --election-timeout-max 600 --heartbeat 50 \
      <"$work/input" >"$work/out" 2>"$work/err" &
    cluster_pid=$!
    pids+=("$cluster_pid")
    exec 3>"$work/input"
    for _ in $(seq 300); do grep -q "^Type" "$work/out" && break; sleep 0.1; done
    has out "raftsim cluster: 3 nodes on loopback"
    has out "curl -X PUT --data 31 http://127.0.0.1:"
    h1=$(grep -o "node 1: http://[0-9.:]*" "$work/out" | sed 's|node 1: http://||')
    h3=$(grep -o "node 3: http://[0-9.:]*" "$work/out" | sed 's|node 3: http://||')
    put_ok "$h1" age 31
    echo "kill 3" >&3
    for _ in $(seq 300); do grep -q "node 3 stopped (killed by SIGKILL)" "$work/out" && break; sleep 0.1; done
    has out "node 3 stopped (killed by SIGKILL); 'restart 3' starts it again on the same data"
    put_ok "$h1" age 32
    echo "restart 3" >&3
    for _ in $(seq 300); do [ "$(curl -s -m 2 "http://$h3/kv/age?local=1")" = "32" ] && break; sleep 0.1; done
    [ "$(curl -s -m 2 "http://$h3/kv/age?local=1")" = "32" ] || fail "the restarted node did not catch up"
    kill -INT "$cluster_pid"
    wait "$cluster_pid"
    code=$?
    [ "$code" -eq 0 ] || fail "Ctrl-C should stop the cluster with exit 0, not $code"
    for n in 1 2 3; do has out "  node $n: exit 0"; done
    ;;
  cluster-trace)
    "$raftsim" cluster --nodes 3 --data "$work/c" --election-timeout-min 300 --election-timeout-max 600 --heartbeat 50 --trace \
      </dev/null >"$work/out" 2>"$work/err" &
    cluster_pid=$!
    pids+=("$cluster_pid")
    for _ in $(seq 300); do grep -q "^Type" "$work/out" && break; sleep 0.1; done
    h1=$(grep -o "node 1: http://[0-9.:]*" "$work/out" | sed 's|node 1: http://||')
    put_ok "$h1" age 31
    # The write can land before the new leader's first heartbeat timer has fired.
    for _ in $(seq 100); do grep -q '"kind":"heartbeat"' "$work"/c/n*.trace.jsonl && break; sleep 0.1; done
    kill -INT "$cluster_pid"; wait "$cluster_pid"
    python3 - "$work/c" <<'PY' || fail "the live traces do not follow docs/trace.md"
import json, sys
kinds = set()
for n in (1, 2, 3):
    lines = [json.loads(line) for line in open(f"{sys.argv[1]}/n{n}.trace.jsonl")]
    head = lines[0]
    assert head["kind"] == "run" and head["live"] is True and head["file"] == f"live node {n}", head
    for i, line in enumerate(lines[1:], 1):
        assert line["seq"] == i and line["node"] == n and isinstance(line["t_us"], int), line
        kinds.add(line["kind"])
        if line["kind"] == "deliver":
            assert line["to"] == n and "type" in line["msg"], line
assert {"deliver", "timeout", "heartbeat", "client-write"} <= kinds, kinds
PY
    ;;
  live-check-summary)
    # Seed 2's first fault cuts the leader off (a partition); the clients read and write
    # three shared keys; the summary has the figures and the checker's verdict, and the
    # history it wrote is re-checked by raftsim lincheck with the same verdict.
    run_timeout=300
    run 0 live-check --duration 6 --seed 2 --keys 3 --history "$work/history.jsonl"
    has out "4 clients on 3 shared keys"
    has out "(the leader) off for"
    grep -Eq "faults: .* [1-9][0-9]* partitions \([1-9][0-9]* links cut" "$work/out" || fail "no partition in the summary: $(grep faults: "$work/out")"
    grep -Eq "^[1-9][0-9]* operations \([1-9][0-9]* reads, [1-9][0-9]* writes\): [1-9][0-9]* acknowledged" "$work/out" \
      || fail "no operation figures in the summary"
    grep -Eq "^lincheck \([0-9]+ ms\):   linearizable: " "$work/out" || fail "no lincheck verdict in the summary"
    grep -Eq "^sessions: [0-9]+ writes sent again after an unknown answer" "$work/out" || fail "no session figures in the summary"
    has out "passed: the history is linearizable, and every acknowledged write is on every node"
    python3 - "$work/history.jsonl" <<'PY' || fail "the history does not follow docs/trace.md"
import json, sys
ops = [json.loads(line) for line in open(sys.argv[1])]
assert [op["op"] for op in ops] == list(range(1, len(ops) + 1))
assert all(a["invoked_us"] <= b["invoked_us"] for a, b in zip(ops, ops[1:]))
assert {op["kind"] for op in ops} == {"read", "write"}
assert {op["outcome"] for op in ops} <= {"acknowledged", "failed", "unknown"}
assert {"k1", "k2", "k3"} <= {op["key"] for op in ops}
for op in ops:
    assert op["completed_us"] >= op["invoked_us"], op
    if op["kind"] == "write": assert isinstance(op["value"], str), op
    # Failed only when provably not applied (docs/live.md, "What an answer promises").
    if op["outcome"] == "failed": assert op["status"] in (0, 400, 413, 503), op
    if op["status"] in (410, 504): assert op["outcome"] == "unknown", op
PY
    run 0 lincheck "$work/history.jsonl"
    has out ": linearizable: "
    ;;
  *)
    fail "unknown case"
    ;;
esac

finish "$case_name"
