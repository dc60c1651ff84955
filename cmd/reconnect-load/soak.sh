#!/usr/bin/env bash
# Soak: a bounded, steady mixed load on loopback that stops by itself.
# Seeds an SQLite dataset (10,000 members, 100,000 posts, care
# conversations, events), serves it with the built binary, and runs
# `reconnect-load run` for $DUR with $CLIENTS virtual members and $SSE
# idle live-update connections, sampling the server every $SAMPLE.
# The run exits non-zero on any error; the timeline shows memory,
# goroutines and open files. About 11 minutes with the defaults.
#
#   cmd/reconnect-load/soak.sh
#   DUR=2m CLIENTS=8 cmd/reconnect-load/soak.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/reconnect-soak}
PORT=${PORT:-8094}
mkdir -p "$OUT"
go build -o "$OUT/reconnect" ./cmd/reconnect
go build -o "$OUT/reconnect-load" ./cmd/reconnect-load
[ -f "$OUT/data.key" ] || "$OUT/reconnect" keys new "$OUT/data.key" >/dev/null
if [ ! -f "$OUT/soak.db" ]; then
	"$OUT/reconnect-load" seed --db "$OUT/soak.db" --members 10000 --threads 5000 --posts 100000 --data-key-file "$OUT/data.key" | tail -1
fi
RECONNECT_LOG_LEVEL=warn "$OUT/reconnect" serve --db "$OUT/soak.db" --addr "127.0.0.1:$PORT" --data-key-file "$OUT/data.key" \
	--base-url "http://localhost:$PORT" 2>"$OUT/server.log" &
SPID=$!
trap 'kill $SPID 2>/dev/null || true; wait $SPID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
status=0
"$OUT/reconnect-load" run --db "$OUT/soak.db" --base "http://127.0.0.1:$PORT" --pid "$SPID" --clients "${CLIENTS:-16}" \
	--sse "${SSE:-200}" --duration "${DUR:-10m}" --sample "${SAMPLE:-30s}" --json "$OUT/soak.json" || status=$?
echo "server log: $(grep -c 'level=ERROR' "$OUT/server.log" || true) errors, $(grep -c 'panic' "$OUT/server.log" || true) panics"
exit $status
