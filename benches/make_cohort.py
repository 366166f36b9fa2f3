#!/usr/bin/env python3
"""Make a large invented cohort to time impact on: a programme folder with a long scores CSV.

    python3 benches/make_cohort.py /tmp/cohort                  # 100,000 people, long CSV
    python3 benches/make_cohort.py /tmp/cohort --people 1000000
    python3 benches/make_cohort.py /tmp/wide --layout wide      # one row per person
    time ./target/release/impact check /tmp/cohort

Each person answers SCS-SF (12 items), FSCRS (22) and WEMWBS (14) at pre and post: 48 items ×
2 timepoints, about 53 MB of CSV for 100,000 people. The data are random (seeded), not a study.
"""

import argparse
import os
import random

MEASURES = [("scs-sf", "scs_sf_", 12, 1, 5), ("fscrs", "fscrs_", 22, 0, 4), ("wemwbs", "wemwbs_", 14, 1, 5)]
TIMEPOINTS = ["pre", "post"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--layout", choices=["long", "wide"], default="long")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.folder, "data"), exist_ok=True)

    items = [f"{prefix}{i}" for _, prefix, n, _, _ in MEASURES for i in range(1, n + 1)]
    ranges = [(low, high) for _, _, n, low, high in MEASURES for _ in range(n)]
    # Precomputed answer rows keep the generator quick; people get a random one each time.
    pool = [",".join(str(rng.randint(low, high)) for low, high in ranges) for _ in range(4096)]

    with open(os.path.join(args.folder, "data/scores.csv"), "w", newline="\n") as out:
        if args.layout == "long":
            out.write("participant_id,timepoint," + ",".join(items) + "\n")
            for timepoint in TIMEPOINTS:
                for person in range(1, args.people + 1):
                    out.write(f"P{person:07d},{timepoint},{pool[rng.randrange(len(pool))]}\n")
        else:
            header = [f"{t}_{item}" for t in TIMEPOINTS for item in items]
            out.write("participant_id," + ",".join(header) + "\n")
            for person in range(1, args.people + 1):
                answers = ",".join(pool[rng.randrange(len(pool))] for _ in TIMEPOINTS)
                out.write(f"P{person:07d},{answers}\n")

    measures = "".join(f'\n[[measures]]\ninstrument = "{id}"\nprefix = "{prefix}"\n' for id, prefix, *_ in MEASURES)
    layout = 'layout = "wide"\nwide_pattern = "{timepoint}_{column}"\n' if args.layout == "wide" else ""
    with open(os.path.join(args.folder, "programme.toml"), "w") as out:
        out.write(
            f'[programme]\ntitle = "Benchmark cohort ({args.people} people)"\ntemplate = "workplace"\n\n'
            f'[data]\nscores = "data/scores.csv"\n{layout}timepoints = ["pre", "post"]\n{measures}'
        )


if __name__ == "__main__":
    main()
