#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ and runs one or all of them, one after another.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     e.g. scripts/fuzz.sh FuzzNPZ 600
#
# TARGET is FuzzCSV, FuzzNPY, FuzzNPZ, FuzzImage or FuzzPreset (default: all); SECONDS is the run
# time of each target (default 60). Each run starts from the committed seeds in Fuzz/corpus/TARGET
# and keeps what it finds in Fuzz/work/TARGET (not committed); a crashing input is written to
# Fuzz/artifacts/TARGET/. Extra libFuzzer flags can be passed in FUZZ_FLAGS.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-all}
seconds=${2:-60}
all=(FuzzCSV FuzzNPY FuzzNPZ FuzzImage FuzzPreset)
if [[ $target == all ]]; then targets=("${all[@]}"); else targets=("$target"); fi

cd "$root/Fuzz"
for t in "${targets[@]}"; do
    [[ " ${all[*]} " == *" $t "* ]] || { echo "unknown target $t; expected one of ${all[*]}" >&2; exit 2; }
    # Release (-O) with libFuzzer's coverage instrumentation and AddressSanitizer.
    swift build -c release -Xswiftc -sanitize=fuzzer,address --product "$t"
done
bin=$(swift build -c release -Xswiftc -sanitize=fuzzer,address --show-bin-path)

status=0
for t in "${targets[@]}"; do
    mkdir -p "work/$t" "artifacts/$t"
    log="work/$t.log"
    echo "== $t for ${seconds}s (log: Fuzz/$log)"
    # A trap, sanitizer report, input slower than 10 s or RSS above 2 GiB stops the run.
    # shellcheck disable=SC2086
    if "$bin/$t" "work/$t" "corpus/$t" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" ${FUZZ_FLAGS:-} >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH (exit $?), see Fuzz/artifacts/$t/ and Fuzz/$log"
        status=1
    fi
    # The last status line (#execs, cov:, ft:, exec/s) and libFuzzer's final statistics.
    grep -E '^#[0-9]+' "$log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    echo "$t: $result"
done
exit $status
