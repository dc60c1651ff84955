#!/usr/bin/env bash
# Budgets: every scenario of the performance issue against one seeded
# database, with one or several nodes, on loopback; each step is bounded
# in time and the whole script stops by itself (about 4 minutes).
#
#   DB=/tmp/lt/full.db cmd/reconnect-load/budgets.sh
#   DB=postgres://postgres@127.0.0.1:5432/rc_full?sslmode=disable NODES=3 cmd/reconnect-load/budgets.sh
#
# Seed DB first with `reconnect-load seed` (the full dataset:
# --members 100000 --threads 50000 --posts 1000000 --data-key-file KEY).
# On SQLite only one node makes sense (live events are in-process).
# Results: $OUT/*.txt and *.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DB:?set DB to a seeded SQLite file or postgres:// URL}"
OUT=${OUT:-/tmp/reconnect-budgets}
NODES=${NODES:-1}
PORT0=${PORT0:-8101}
KEY=${KEY:-/tmp/lt/data.key}
SSE=${SSE:-10000}
mkdir -p "$OUT"
go build -o "$OUT/reconnect" ./cmd/reconnect
go build -o "$OUT/reconnect-load" ./cmd/reconnect-load
L="$OUT/reconnect-load"
pids=()
bases=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop EXIT
start() { # start NODES servers; print the cold start of the first
	bases=()
	for i in $(seq 0 $((NODES - 1))); do
		port=$((PORT0 + i))
		t0=$(date +%s.%N)
		RECONNECT_LOG_LEVEL=warn "$OUT/reconnect" serve --db "$DB" --addr "127.0.0.1:$port" --data-key-file "$KEY" \
			--base-url "http://localhost:$port" 2>>"$OUT/server-$i.log" &
		pids+=($!)
		for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.01; done
		t1=$(date +%s.%N)
		echo "node $i cold start to /readyz: $(awk "BEGIN{printf \"%d\", ($t1 - $t0) * 1000}") ms" | tee -a "$OUT/coldstart.txt"
		bases+=("http://127.0.0.1:$port")
	done
}
BASE() { local IFS=,; echo "${bases[*]}"; }
PIDS() { local IFS=,; echo "${pids[*]}"; }
: >"$OUT/coldstart.txt"
for _ in 1 2 3; do start; stop; done
start
step() { # name, then reconnect-load arguments
	local name=$1
	shift
	echo "== $name"
	local json=()
	[ "$1" = run ] && json=(--json "$OUT/$name.json")
	"$L" "$@" "${json[@]}" >"$OUT/$name.txt" 2>&1 || echo "   ($name exited non-zero)"
	tail -n 25 "$OUT/$name.txt"
}
step thread-limit limit --db "$DB" --base "${bases[0]}" --clients 50 --duration 15s
step thread-run run --db "$DB" --base "$(BASE)" --pid "$(PIDS)" --clients 50 --duration 15s --mix thread=1
step search-1 run --db "$DB" --base "$(BASE)" --clients 1 --duration 15s --mix search=1
step search-8 run --db "$DB" --base "$(BASE)" --clients 8 --duration 10s --mix search=1
step reply-50 run --db "$DB" --base "$(BASE)" --pid "$(PIDS)" --clients 50 --duration 15s --mix reply=1
step mix-50 run --db "$DB" --base "$(BASE)" --pid "$(PIDS)" --clients 50 --sse 200 --duration 30s
step sse-fanout run --db "$DB" --base "$(BASE)" --pid "$(PIDS)" --clients 4 --sse "$SSE" --fanout 1s --duration 20s --mix thread=1 --sample 5s
