#!/usr/bin/env python3
"""Write data/scores.csv for the workplace resilience example: invented, synthetic data.

Each person has latent traits (perceived stress, wellbeing); every item is the trait plus noise,
rounded and clipped to the item's range, and reverse-keyed items are flipped using the keys in
src/instruments/keys. Stress falls and wellbeing rises by a moderate amount that varies from
person to person; a few people do not return the post questionnaire.

Run with Python 3.11 or later: `python3 make_data.py`. The seed is fixed, so the output is the
same on every run.
"""

import csv
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
rng = random.Random(1618)


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
    (key("pss-10"), "pss_", "stress", 1.9, 0.6, 0.75),
    (key("wemwbs"), "wemwbs_", "wb", 3.3, 0.55, 0.7),
]
OFFSET = {(b[0]["id"], i): rng.gauss(0, 0.2) for b in BLOCKS for i in range(1, b[0]["items"] + 1)}
# Mean change (SD units) and the weight of personal responsiveness.
CHANGE = {"stress": (-0.7, -0.45), "wb": (0.65, 0.4)}

people = [f"E{n:02d}" for n in range(1, 41)]
no_post = {"E08", "E21", "E33"}
rows = []
for pid in people:
    z = [rng.gauss(0, 1) for _ in range(2)]
    pre = {"stress": z[0], "wb": -0.6 * z[0] + 0.8 * z[1]}
    responsive = rng.gauss(0, 1)
    post = {t: v + CHANGE[t][0] + CHANGE[t][1] * responsive + rng.gauss(0, 0.3) for t, v in pre.items()}
    for timepoint, trait in (("pre", pre), ("post", post)):
        if timepoint == "post" and pid in no_post:
            continue
        row = {"participant_id": pid, "timepoint": timepoint}
        for inst, prefix, t, centre, loading, noise in BLOCKS:
            for i in range(1, inst["items"] + 1):
                level = centre + OFFSET[(inst["id"], i)] + loading * trait[t]
                row[f"{prefix}{i}"] = answer(inst, i, level, noise)
        rows.append(row)

# One skipped item.
next(r for r in rows if r["participant_id"] == "E15" and r["timepoint"] == "post")["wemwbs_10"] = ""

columns = ["participant_id", "timepoint"]
columns += [f"{prefix}{i}" for inst, prefix, *_ in BLOCKS for i in range(1, inst["items"] + 1)]
rows.sort(key=lambda r: (r["timepoint"] != "pre", r["participant_id"]))
(HERE / "data").mkdir(exist_ok=True)
with open(HERE / "data" / "scores.csv", "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to data/scores.csv")
