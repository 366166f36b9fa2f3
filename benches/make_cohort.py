#!/usr/bin/env python3
"""Make a large invented cohort to time impact on: a programme folder with a long scores CSV.

    python3 benches/make_cohort.py /tmp/cohort                  # 100,000 people, long CSV
    python3 benches/make_cohort.py /tmp/cohort --people 1000000
    python3 benches/make_cohort.py /tmp/wide --layout wide      # one row per person
    python3 benches/make_cohort.py /tmp/files --four-files      # the yardstick's four files
    time ./target/release/impact check /tmp/cohort

Each person answers SCS-SF (12 items), FSCRS (22) and WEMWBS (14) at pre and post: 48 items ×
2 timepoints, about 53 MB of CSV for 100,000 people. The data are random (seeded), not a study.

With --four-files it writes, instead of a programme folder, the four files in the shape of the
Python yardstick's gen_cohort.py (scores.csv with a site column, attendance.csv, excerpts.csv,
codebook.csv, under their headers), for benches/cohort_programme.py and benches/yardstick.sh
when the yardstick is not at hand. Same shape, not the same numbers.
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
    parser.add_argument("--four-files", action="store_true", help="the yardstick's four files, no programme.toml")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.four_files:
        four_files(args.folder, args.people, rng)
        return
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


SITES = [f"Site {i:02d}" for i in range(1, 41)]
CODEBOOK = [
    ("T1.1", "Kindness to self", "Self-soothing"),
    ("T1.2", "Kindness to self", "Permission to rest"),
    ("T1.3", "Kindness to self", "Common humanity"),
    ("T2.1", "The inner critic", "Noticing the critic"),
    ("T2.2", "The inner critic", "Softening the critic"),
    ("T2.3", "The inner critic", "Persistent shame"),
    ("T3.1", "Programme experience", "Group belonging"),
    ("T3.2", "Programme experience", "Practice barriers"),
    ("T3.3", "Programme experience", "Facilitator support"),
]
WORDS = "felt kind group week session helpful shame critic rest safe practice listened easier".split()


def four_files(folder, people, rng):
    """scores (~10% without post, ~2% blank cells), attendance (8 sessions), excerpts, codebook."""
    os.makedirs(folder, exist_ok=True)
    ranges = [(low, high) for _, _, n, low, high in MEASURES for _ in range(n)]
    items = [f"{prefix}{i}" for _, prefix, n, _, _ in MEASURES for i in range(1, n + 1)]

    def answers():
        return ",".join("" if rng.random() < 0.02 else str(rng.randint(low, high)) for low, high in ranges)

    pool = [answers() for _ in range(4096)]
    with open(os.path.join(folder, "scores.csv"), "w", newline="\n") as scores, open(
        os.path.join(folder, "attendance.csv"), "w", newline="\n"
    ) as attendance, open(os.path.join(folder, "excerpts.csv"), "w", newline="\n") as excerpts:
        scores.write("participant_id,site,timepoint," + ",".join(items) + "\n")
        attendance.write("participant_id,session,attended\n")
        excerpts.write("participant_id,source,week,theme_code,quote\n")
        for person in range(1, people + 1):
            pid, site = f"P{person:07d}", SITES[person % len(SITES)]
            scores.write(f"{pid},{site},pre,{pool[rng.randrange(len(pool))]}\n")
            if rng.random() >= 0.1:
                scores.write(f"{pid},{site},post,{pool[rng.randrange(len(pool))]}\n")
            for session in range(1, 9):
                attendance.write(f"{pid},{session},{int(rng.random() < 0.75)}\n")
            if rng.random() < 0.35:
                code = "" if rng.random() < 0.01 else rng.choice(CODEBOOK)[0]
                quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize()
                excerpts.write(f'{pid},diary,{rng.randint(1, 8)},{code},"{quote}."\n')
    with open(os.path.join(folder, "codebook.csv"), "w", newline="\n") as codebook:
        codebook.write("theme_code,theme,subtheme\n")
        codebook.writelines(f"{code},{theme},{subtheme}\n" for code, theme, subtheme in CODEBOOK)


if __name__ == "__main__":
    main()
