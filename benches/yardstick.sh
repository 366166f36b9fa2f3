#!/usr/bin/env bash
# Time `impact build` (release, all formats) against the Python yardstick on the same files.
#
#     benches/yardstick.sh 15 1000 100000     # the cohort sizes (default: 15 1000)
#
# For each N it makes the yardstick's cohort (../shared/perf/gen_cohort.py when that folder is
# there, else benches/make_cohort.py --four-files, the same four-file shape), turns it into a
# programme folder (benches/cohort_programme.py), times `impact build` and, when Python has the
# yardstick's requirements, `py_reference.py` on the same files, and prints medians, peak memory
# and the ratio. Settings by environment: IMPACT (the binary, default target/release/impact;
# built with `cargo build --release` when absent), RUNS (impact runs, default 10), PY_RUNS
# (yardstick runs, default 3; 0 times impact alone), WORK (scratch folder, default a fresh
# temporary one), YARDSTICK (the folder holding gen_cohort.py and py_reference.py, default
# ../shared/perf).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
impact="${IMPACT:-$root/target/release/impact}"
runs="${RUNS:-10}"
py_runs="${PY_RUNS:-3}"
yardstick="${YARDSTICK:-$root/../shared/perf}"
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/impact-yardstick.XXXXXX")}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(15 1000)

if [ ! -x "$impact" ]; then
    (cd "$root" && cargo build --release --quiet)
fi

have_yardstick=no
if [ "$py_runs" = 0 ]; then
    echo "note: PY_RUNS=0: timing impact alone" >&2
elif [ -f "$yardstick/gen_cohort.py" ] && [ -f "$yardstick/py_reference.py" ]; then
    if python3 -c 'import numpy, pandas, scipy, matplotlib, jinja2, weasyprint' 2>/dev/null; then
        have_yardstick=yes
    else
        echo "note: the yardstick's requirements are not installed (pip install -r $yardstick/requirements.txt): timing impact alone" >&2
    fi
else
    echo "note: no yardstick at $yardstick: timing impact alone, on benches/make_cohort.py's cohort" >&2
fi

# Median wall time in seconds of `$@` over $1 runs (hyperfine when installed, after one warm-up).
median_seconds() {
    local count="$1"
    shift
    if command -v hyperfine >/dev/null; then
        local json="$work/hyperfine.json"
        hyperfine --style none --warmup 1 --runs "$count" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>"$work/hyperfine.err" ||
            { cat "$work/hyperfine.err" >&2; return 1; }
        python3 -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    else
        "$@" >/dev/null 2>&1
        local times=()
        for _ in $(seq "$count"); do
            local start end
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1
            end=$(date +%s%N)
            times+=("$(((end - start) / 1000))")
        done
        printf '%s\n' "${times[@]}" | sort -g | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1e6 }'
    fi
}

# Peak resident memory in MiB of one run of `$@`.
peak_mib() {
    /usr/bin/time -f '%M' -o "$work/peak" "$@" >/dev/null 2>&1
    echo $(($(tail -n 1 "$work/peak") / 1024))
}

printf '%10s  %10s  %10s  %10s  %10s  %8s\n' "N" "impact s" "impact MiB" "python s" "python MiB" "ratio"
for n in "${sizes[@]}"; do
    cohort="$work/cohort-$n"
    programme="$work/programme-$n"
    if [ ! -f "$cohort/scores.csv" ]; then
        if [ -f "$yardstick/gen_cohort.py" ] && python3 -c 'import numpy' 2>/dev/null; then
            python3 "$yardstick/gen_cohort.py" --n "$n" --out "$cohort" >/dev/null 2>&1
        else
            python3 "$root/benches/make_cohort.py" "$cohort" --people "$n" --four-files
        fi
    fi
    python3 "$root/benches/cohort_programme.py" "$cohort" "$programme" 2>/dev/null
    build=("$impact" build "$programme" --out "$work/report-$n")
    "${build[@]}" >/dev/null 2>"$work/impact-$n.err" || { cat "$work/impact-$n.err" >&2; exit 1; }
    impact_s=$(median_seconds "$runs" "${build[@]}")
    impact_mib=$(peak_mib "${build[@]}")
    if [ "$have_yardstick" = yes ]; then
        python=(python3 "$yardstick/py_reference.py" "$cohort" --out "$work/py-report-$n")
        python_s=$(median_seconds "$py_runs" "${python[@]}")
        python_mib=$(peak_mib "${python[@]}")
        ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.0f}x')" "$python_s" "$impact_s")
    else
        python_s="-" python_mib="-" ratio="-"
    fi
    printf '%10s  %10s  %10s  %10s  %10s  %8s\n' "$n" "$impact_s" "$impact_mib" "$python_s" "$python_mib" "$ratio"
done
