#!/usr/bin/env python3
"""Write data/scores.csv for the NHS staff wellbeing example: invented, synthetic data.

Each person has latent traits (depression, anxiety, wellbeing); every item is the trait plus
noise, rounded and clipped to the item's range (ranges and keys from src/instruments/keys).
The group improves by post and keeps most of the gain at follow-up, with person-to-person
variation, and some people drop out at each step.

Run with Python 3.11 or later: `python3 make_data.py`. The seed is fixed, so the output is the
same on every run.
"""

import csv
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
rng = random.Random(3141)


def key(name):
    with open(KEYS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def answer(inst, item, level, noise):
    """One response: `level` is on the keyed (unreversed) item scale."""
    lo, hi = inst["min"], inst["max"]
    x = min(hi, max(lo, round(level + rng.gauss(0, noise))))
    return lo + hi - x if item in inst["reverse"] else x


# (instrument, prefix, trait, centre, loading, noise); a higher trait means more of the thing.
BLOCKS = [
    (key("phq-9"), "phq9_", "dep", 1.1, 0.6, 0.65),
    (key("gad-7"), "gad7_", "anx", 1.15, 0.65, 0.65),
    (key("swemwbs"), "swemwbs_", "wb", 3.15, 0.6, 0.65),
]
OFFSET = {(b[0]["id"], i): rng.gauss(0, 0.2) for b in BLOCKS for i in range(1, b[0]["items"] + 1)}
OFFSET[("phq-9", 9)] = -0.9  # thoughts of self-harm are rarely endorsed
# Mean change from baseline (SD units) at post and follow-up, and the weight of responsiveness.
CHANGE = {"dep": (-0.75, -0.6, -0.4), "anx": (-0.7, -0.55, -0.4), "wb": (0.55, 0.45, 0.4)}

people = [f"S{n:02d}" for n in range(1, 31)]
missing = {"post": {"S04", "S09", "S15", "S22", "S27"},  # S15 comes back at follow-up
           "followup": {"S02", "S04", "S09", "S11", "S19", "S22", "S26", "S27"}}
rows = []
for pid in people:
    z = [rng.gauss(0, 1) for _ in range(3)]
    pre = {"dep": z[0], "anx": 0.7 * z[0] + 0.71 * z[1], "wb": -0.6 * z[0] + 0.8 * z[2]}
    responsive = rng.gauss(0, 1)
    traits = {"pre": pre}
    for step, timepoint in ((1, "post"), (2, "followup")):
        traits[timepoint] = {t: v + CHANGE[t][step - 1] + CHANGE[t][2] * responsive + rng.gauss(0, 0.3)
                             for t, v in pre.items()}
    for timepoint, trait in traits.items():
        if pid in missing.get(timepoint, ()):
            continue
        row = {"participant_id": pid, "timepoint": timepoint}
        for inst, prefix, t, centre, loading, noise in BLOCKS:
            for i in range(1, inst["items"] + 1):
                level = centre + OFFSET[(inst["id"], i)] + loading * trait[t]
                row[f"{prefix}{i}"] = answer(inst, i, level, noise)
        rows.append(row)

# Single skipped items (a skipped SWEMWBS item leaves that SWEMWBS score unscored).
next(r for r in rows if r["participant_id"] == "S12" and r["timepoint"] == "pre")["phq9_4"] = ""
next(r for r in rows if r["participant_id"] == "S07" and r["timepoint"] == "post")["swemwbs_3"] = ""

columns = ["participant_id", "timepoint"]
columns += [f"{prefix}{i}" for inst, prefix, *_ in BLOCKS for i in range(1, inst["items"] + 1)]
order = {"pre": 0, "post": 1, "followup": 2}
rows.sort(key=lambda r: (order[r["timepoint"]], r["participant_id"]))
(HERE / "data").mkdir(exist_ok=True)
with open(HERE / "data" / "scores.csv", "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to data/scores.csv")
