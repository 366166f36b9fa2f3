#!/usr/bin/env python3
"""Write data/participants.csv and data/scores.csv for the workplace-rollout example: invented,
synthetic data.

A wellbeing course rolled out across eight organisations of different sizes. participants.csv
lists each employee with their organisation and sector; scores.csv (one row per person per
timepoint) holds the Short Warwick-Edinburgh Mental Wellbeing Scale and the Perceived Stress
Scale as answered. Each organisation has its own true change, so the organisations differ more
than chance alone would make them; the smallest has too few people to be shown on its own. Two
employees have no organisation recorded.

Each person has latent traits (wellbeing, stress); every item is the trait plus noise, rounded
and clipped to the item's range, and reverse-keyed items are flipped using the keys in
src/instruments/keys. Needs Python 3.11 or later and nothing else; the seed is fixed, so the
files come out byte-identical every time.
"""

import csv
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
rng = random.Random(2718)

# (organisation, sector, people, change in wellbeing and in stress, in SD units)
ORGANISATIONS = [
    ("Ashgrove Housing Association", "Housing", 46, 0.75, -0.6),
    ("Brackenfield District Council", "Public sector", 38, 0.35, -0.3),
    ("Carrow Freight", "Logistics", 31, 0.55, -0.5),
    ("Dunmore Foods", "Manufacturing", 26, 0.25, -0.2),
    ("Elmstead Mutual", "Financial services", 21, 0.8, -0.7),
    ("Fenwick Engineering", "Manufacturing", 15, 0.45, -0.35),
    ("Greystone Care Homes", "Social care", 11, 0.65, -0.55),
    ("Harrowgate Print Works", "Manufacturing", 4, 0.5, -0.4),
]
WITHOUT_ORGANISATION = 2
# Share of people answering again after the course.
ANSWERED_POST = 0.82


def key(name):
    with open(KEYS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


SWEMWBS, PSS = key("swemwbs"), key("pss-10")


def answers(inst, prefix, level, noise):
    """A row of item answers around `level` on the keyed item scale."""
    lo, hi = inst["min"], inst["max"]
    out = {}
    for item in range(1, inst["items"] + 1):
        x = min(hi, max(lo, round(level + rng.gauss(0, noise))))
        out[f"{prefix}{item}"] = lo + hi - x if item in inst["reverse"] else x
    return out


def main():
    people, rows = [], []
    number = 100
    everyone = [(org, sector, wb, st) for org, sector, n, wb, st in ORGANISATIONS for _ in range(n)]
    everyone += [("", "", 0.5, -0.4)] * WITHOUT_ORGANISATION
    rng.shuffle(everyone)
    for org, sector, wb_change, st_change in everyone:
        number += 1
        pid = f"W{number}"
        people.append({"employee_id": pid, "organisation": org, "sector": sector})
        wellbeing, stress = rng.gauss(3.0, 0.55), rng.gauss(1.9, 0.5)
        respond = rng.gauss(1.0, 0.35)
        times = ["pre", "post"] if rng.random() < ANSWERED_POST else ["pre"]
        for t in times:
            shift = 1.0 if t == "post" else 0.0
            wb = wellbeing + shift * wb_change * 0.55 * respond
            st = stress + shift * st_change * 0.5 * respond
            row = {"employee_id": pid, "timepoint": t}
            row.update(answers(SWEMWBS, "swemwbs_", wb, 0.6))
            row.update(answers(PSS, "pss_", st, 0.7))
            rows.append(row)
    with open(HERE / "data" / "participants.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["employee_id", "organisation", "sector"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(people)
    rows.sort(key=lambda r: (r["timepoint"] != "pre", r["employee_id"]))
    with open(HERE / "data" / "scores.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
