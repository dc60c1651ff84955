#!/usr/bin/env bash
# Reproduces results.txt: builds the test binary once, builds each driver's
# dataset once (in a temp dir), then runs every benchmark COUNT times as
# COUNT separate processes, alternating which driver goes first, so slow
# drift on a shared machine hits both drivers alike. Before each process it
# waits (up to QUIET_WAIT s) for the machine to be idle; every benchmark
# also reports other-cpu-%, the share of the machine other processes used
# while it ran.
#
#   ./run.sh                # COUNT=6, writes results.txt and results.raw.txt
#   COUNT=2 ./run.sh        # quicker look
set -euo pipefail
cd "$(dirname "$0")"

COUNT=${COUNT:-6}
CPUS=${CPUS:-1,2,4}
BENCH=${BENCH:-.}
QUIET_PCT=${QUIET_PCT:-15}
QUIET_WAIT=${QUIET_WAIT:-60}
BENCHSTAT=${BENCHSTAT:-$(go env GOPATH)/bin/benchstat}
[ -x "$BENCHSTAT" ] || BENCHSTAT=benchstat

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SQLITEDRIVERS_DIR="$work/data"
mkdir -p "$SQLITEDRIVERS_DIR"

# busy_pct prints how busy all CPUs were over the next 2 seconds, in %.
busy_pct() {
	local a b
	a=$(head -1 /proc/stat)
	sleep 2
	b=$(head -1 /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN {
		split(a, x); split(b, y)
		busy = (y[2]+y[3]+y[4]+y[7]+y[8]) - (x[2]+x[3]+x[4]+x[7]+x[8])
		idle = (y[5]+y[6]) - (x[5]+x[6])
		printf "%d", (busy+idle) ? 100*busy/(busy+idle) : 0 }'
}

# wait_quiet waits until the machine is idle, or QUIET_WAIT seconds.
wait_quiet() {
	local start=$SECONDS p
	while p=$(busy_pct); ((p > QUIET_PCT)); do
		if ((SECONDS - start >= QUIET_WAIT)); then
			echo "busy ${p}% after waiting $((SECONDS - start))s, running anyway"
			return
		fi
		sleep 3
	done
	echo "busy ${p}% after waiting $((SECONDS - start))s"
}

go test -c -o "$work/sqlitedrivers.test" .

# Checks (pragmas read back, BEGIN IMMEDIATE, query_only, placeholders,
# identical datasets); this also builds both datasets.
"$work/sqlitedrivers.test" -test.run . -test.v -test.count 1 >"$work/tests.txt" 2>&1 ||
	{ cat "$work/tests.txt"; exit 1; }
sync

: >results.raw.txt
: >"$work/runs.txt"
for i in $(seq 1 "$COUNT"); do
	if ((i % 2)); then order=modernc,mattn; else order=mattn,modernc; fi
	quiet=$(wait_quiet)
	echo "run $i/$COUNT: order $order, $quiet" | tee -a "$work/runs.txt" >&2
	SQLITEDRIVERS_ORDER=$order "$work/sqlitedrivers.test" -test.run '^$' -test.bench "$BENCH" \
		-test.benchmem -test.cpu "$CPUS" -test.count 1 -test.timeout 30m >>results.raw.txt 2>>"$work/setup.txt" ||
		{ cat "$work/setup.txt"; exit 1; }
done

{
	echo "# SQLite driver comparison: modernc.org/sqlite vs github.com/mattn/go-sqlite3"
	echo "# date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "# go:      $(go version)"
	echo "# cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc) (kernel $(uname -r))"
	echo "# drivers: $(go list -m modernc.org/sqlite | tr ' ' @), $(go list -m github.com/mattn/go-sqlite3 | tr ' ' @)"
	echo "# command: COUNT=$COUNT CPUS=$CPUS BENCH=$BENCH ./run.sh"
	echo "#          each count is a separate process; driver order alternates between processes"
	echo "#"
	echo "# checks (go test -run . -v):"
	grep -E '^(--- |ok|PASS|FAIL)|driver_test.go' "$work/tests.txt" | sed 's/^/#   /'
	echo "# dataset setup per process:"
	grep -h '^# ' "$work/tests.txt" "$work/setup.txt" | sed "s|$work/data/||; s/^# /#   /"
	echo "# machine load before each process (wait for <= ${QUIET_PCT}% busy, at most ${QUIET_WAIT}s):"
	sed 's/^/#   /' "$work/runs.txt"
	echo
	echo "## benchstat -col '/driver@(modernc mattn)' results.raw.txt"
	echo "## (left column modernc, right column mattn with its change vs modernc;"
	echo "##  the -N suffix is GOMAXPROCS from -cpu; other-cpu-% is load from other processes)"
	echo
	"$BENCHSTAT" -col '/driver@(modernc mattn)' results.raw.txt
} >results.txt
echo "wrote results.txt and results.raw.txt" >&2
