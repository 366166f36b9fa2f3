#!/usr/bin/env python3
"""Turn the folder written by ../shared/perf/gen_cohort.py into an impact programme folder.

    python3 gen_cohort.py --n 100000 --out /tmp/cohort
    python3 benches/cohort_programme.py /tmp/cohort /tmp/cohort-programme
    ./target/release/impact build /tmp/cohort-programme

The programme folder holds the same four files (so impact and the Python yardstick read the same
data), with the excerpt and codebook headers renamed to impact's (`code`, `when`) and the excerpts
with a blank code left out (the yardstick leaves them out too). The scores and attendance files are
hard-linked when possible, copied otherwise. With --sites it adds `[sites]` (the scores file's
`site` column: a page per site and the pooling of sites). The overall benchmark script calls this
one.
"""

import argparse
import csv
import os
import shutil
import sys

PROGRAMME_TOML = """\
# An invented cohort for timing impact (made by benches/cohort_programme.py). Not a study.
[programme]
title = "Self-compassion at work: a timing cohort"
template = "workplace"
organisation = "Invented organisation"
planned_sessions = 8

[data]
scores = "data/scores.csv"
id_column = "participant_id"
timepoint_column = "timepoint"
timepoints = ["pre", "post"]
attendance = "data/attendance.csv"
codebook = "data/codebook.csv"
excerpts = "data/excerpts.csv"

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"

[[measures]]
instrument = "fscrs"
prefix = "fscrs_"

[[measures]]
instrument = "wemwbs"
prefix = "wemwbs_"
"""

# gen_cohort's headers → impact's.
RENAMED = {"theme_code": "code", "week": "when"}


def link_or_copy(source, target):
    if os.path.exists(target):
        os.remove(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def rewrite(source, target, keep=lambda row: True):
    """Copy a CSV with its headers renamed, keeping the rows `keep` accepts; returns rows left out."""
    left_out = 0
    with open(source, newline="", encoding="utf-8") as inp, open(target, "w", newline="", encoding="utf-8") as out:
        reader = csv.reader(inp)
        writer = csv.writer(out, lineterminator="\n")
        header = [RENAMED.get(name, name) for name in next(reader)]
        writer.writerow(header)
        for row in reader:
            if keep(dict(zip(header, row))):
                writer.writerow(row)
            else:
                left_out += 1
    return left_out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cohort", help="the folder gen_cohort.py wrote")
    parser.add_argument("programme", help="the programme folder to make")
    parser.add_argument(
        "--sites", action="store_true", help="add [sites]: a page per site of the scores' site column, pooled"
    )
    args = parser.parse_args()
    data = os.path.join(args.programme, "data")
    os.makedirs(data, exist_ok=True)
    for name in ("scores.csv", "attendance.csv"):
        link_or_copy(os.path.join(args.cohort, name), os.path.join(data, name))
    rewrite(os.path.join(args.cohort, "codebook.csv"), os.path.join(data, "codebook.csv"))
    uncoded = rewrite(
        os.path.join(args.cohort, "excerpts.csv"),
        os.path.join(data, "excerpts.csv"),
        keep=lambda row: row["code"].strip() != "",
    )
    with open(os.path.join(args.programme, "programme.toml"), "w", encoding="utf-8") as out:
        out.write(PROGRAMME_TOML)
        if args.sites:
            out.write("\n[sites]\n")
    print(f"{args.programme}: programme folder over {args.cohort} ({uncoded} uncoded excerpts left out)", file=sys.stderr)


if __name__ == "__main__":
    main()
