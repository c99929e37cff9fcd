#!/usr/bin/env bash
# Checks that no solver allocates per iteration.
#
# For every solver, runs `otlab bench --probe-solver NAME --probe-iterations K` (build the solver on
# the n x n bench problem, call step() K times, nothing else) under valgrind's memcheck for K = A
# and K = B, and compares the "total heap usage: N allocs" figures. Setup allocations are the same
# in both runs, so any difference is allocation inside the iteration loop: the script prints it per
# solver and exits 1 if some solver's count keeps growing with the iterations (growth that stops,
# a bounded phase probed over up to four more windows of B - A steps, is reported but passes). A
# solver that finishes before
# A steps (exact solvers on small problems) is reported as inconclusive, not as a failure.
#
# valgrind 3.19 does not decode AVX-512 instructions, which a build on an AVX-512 machine has (see
# Package.swift); allocation does not depend on the vector unit, so check a baseline build:
#
#   OTLAB_PORTABLE=1 swift build -c release --product otlab --scratch-path .build-portable
#   scripts/alloc-check.sh .build-portable/release/otlab   # env: N (default 400), A (5), B (25), SOLVERS
set -euo pipefail

OTLAB=${1:-.build/release/otlab}
N=${N:-400}
A=${A:-5}
B=${B:-25}
command -v valgrind >/dev/null || { echo "alloc-check: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -x "$OTLAB" ] || { echo "alloc-check: $OTLAB is not an executable; build otlab first or pass its path" >&2; exit 2; }
SOLVERS=${SOLVERS:-$("$OTLAB" solvers | sed -n 's/^\([a-z0-9-]*\)  —.*/\1/p')}

# valgrind 3.19 cannot read the DWARF 5 debug info Swift emits: run a copy without it.
STRIPPED=$(mktemp /tmp/otlab-alloc-check.XXXXXX)
trap 'rm -f "$STRIPPED"' EXIT
strip --strip-debug -o "$STRIPPED" "$OTLAB"
ORIGINAL=$OTLAB
OTLAB=$STRIPPED

# Prints "STEPS ALLOCS" for one probe run.
probe() {
    local out
    out=$(valgrind --tool=memcheck --leak-check=no "$OTLAB" bench --sizes "$N" --probe-solver "$1" --probe-iterations "$2" 2>&1) || true
    local steps allocs
    steps=$(printf '%s\n' "$out" | sed -n "s/^$1: \([0-9]*\) steps$/\1/p")
    allocs=$(printf '%s\n' "$out" | sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,)
    if [ -z "$steps" ] || [ -z "$allocs" ]; then
        echo "alloc-check: probe of $1 failed:" >&2
        printf '%s\n' "$out" | grep -v '^==' | tail -5 >&2
        echo "x x"
        return
    fi
    echo "$steps $allocs"
}

# Pre-flight: one Sinkhorn step on the bench problem, which runs the SIMD kernels.
preflight=$(valgrind --tool=memcheck --leak-check=no "$OTLAB" bench --sizes "$N" --probe-solver sinkhorn --probe-iterations 1 2>&1) || true
if printf '%s\n' "$preflight" | grep -q 'unhandled instruction bytes'; then
    echo "alloc-check: valgrind cannot decode an instruction of $ORIGINAL (an AVX-512 build?);" \
         "build one for the baseline: OTLAB_PORTABLE=1 swift build -c release --product otlab --scratch-path .build-portable" >&2
    exit 2
fi

printf '%-16s %8s %10s %8s %10s  %s\n' solver "steps" "allocs" "steps" "allocs" "verdict"
failed=0
for solver in $SOLVERS; do
    read -r stepsA allocsA < <(probe "$solver" "$A")
    read -r stepsB allocsB < <(probe "$solver" "$B")
    if [ "$stepsA" = x ] || [ "$stepsB" = x ]; then
        verdict="PROBE FAILED"; failed=1
    elif [ "$stepsB" -le "$stepsA" ]; then
        verdict="inconclusive (finished after $stepsB steps)"
    elif [ "$allocsB" -gt "$allocsA" ]; then
        # Growth in the first window may be a bounded phase (sns densifies its sparse Hessian a few
        # times, at most log2(1/density), then never again). Probe further windows of the same
        # length: allocation per iteration keeps growing in every window; a bounded phase stops.
        growth=$(( allocsB - allocsA ))
        window=$(( B - A ))
        stepsP=$stepsB; allocsP=$allocsB; settled=""
        for extra in 1 2 3 4; do
            read -r stepsC allocsC < <(probe "$solver" $(( B + extra * window )))
            if [ "$stepsC" = x ] || [ "$stepsC" -le "$stepsP" ]; then break; fi
            if [ "$allocsC" -eq "$allocsP" ]; then settled=$stepsP; break; fi
            growth=$(( growth + allocsC - allocsP )); stepsP=$stepsC; allocsP=$allocsC
        done
        if [ -n "$settled" ]; then
            verdict="ok after $settled steps (bounded: +$growth allocs while it grew, none in the next $window)"
        else
            verdict="ALLOCATES: +$growth allocs over $((stepsP - stepsA)) steps"; failed=1
        fi
    else
        verdict="ok (no allocation per iteration)"
    fi
    printf '%-16s %8s %10s %8s %10s  %s\n' "$solver" "$stepsA" "$allocsA" "$stepsB" "$allocsB" "$verdict"
done
exit $failed
