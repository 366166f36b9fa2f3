#!/usr/bin/env python3
"""Write data/scores.csv, data/attendance.csv and data/participants.csv for the school-staff
example: invented, synthetic data.

Each person has latent traits (self-compassion, inadequate self, hated self, reassured self);
every item is the trait plus noise, rounded and clipped to the item's range, and reverse-keyed
items are flipped using the keys in src/instruments/keys. Training shifts the traits by a
moderate amount that varies from person to person (a few people get worse).

Attendance (8 sessions, wide layout) and the participant list are drawn afterwards from a second
seeded generator, so the scores stay as they were: the people who changed least tend to come to
fewer sessions; T17 never comes, T06 stops after session 4 and T13 withdraws after session 3; T21
is on the list but did not consent.

Run with Python 3.11 or later: `python3 make_data.py`. The seed is fixed, so the output is the
same on every run.
"""

import csv
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
rng = random.Random(2025)


def key(name):
    with open(KEYS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def items_of(inst, scale_id):
    return next(s["items"] for s in inst["scales"] if s["id"] == scale_id)


def answer(inst, item, level, noise):
    """One response: `level` is on the keyed (unreversed) item scale."""
    lo, hi = inst["min"], inst["max"]
    x = min(hi, max(lo, round(level + rng.gauss(0, noise))))
    return lo + hi - x if item in inst["reverse"] else x


SCS_SF, FSCRS = key("scs-sf"), key("fscrs")
# (instrument, prefix, scale id, trait, centre, loading, noise)
BLOCKS = [
    (SCS_SF, "scs_sf_", "total", "sc", 2.7, 0.7, 0.85),
    (FSCRS, "fscrs_", "inadequate_self", "is", 1.9, 0.8, 0.9),
    (FSCRS, "fscrs_", "hated_self", "hs", 1.3, 0.9, 0.6),
    (FSCRS, "fscrs_", "reassured_self", "rs", 2.1, 0.75, 0.9),
]
OFFSET = {(b[0]["id"], i): rng.gauss(0, 0.25) for b in BLOCKS for i in items_of(b[0], b[2])}
# Mean change per trait (in SD units) and how much each trait follows personal responsiveness.
CHANGE = {"sc": (0.7, 0.5), "is": (-0.55, -0.45), "hs": (-0.4, -0.35), "rs": (0.6, 0.45)}

people = [f"T{n:02d}" for n in range(1, 21)]
no_post = {"T06", "T13", "T17"}
rows = []
responsiveness = {}
for pid in people:
    z = [rng.gauss(0, 1) for _ in range(4)]
    pre = {"sc": z[0], "is": -0.6 * z[0] + 0.8 * z[1], "rs": 0.55 * z[0] + 0.83 * z[3]}
    pre["hs"] = 0.65 * pre["is"] + 0.76 * z[2]
    responsive = rng.gauss(0, 1)
    responsiveness[pid] = responsive
    post = {t: v + CHANGE[t][0] + CHANGE[t][1] * responsive + rng.gauss(0, 0.25) for t, v in pre.items()}
    correction = min(4.0, max(0.0, 2.2 + 0.45 * pre["is"] + rng.gauss(0, 0.35)))
    for timepoint, trait in (("pre", pre), ("post", post)):
        if timepoint == "post" and pid in no_post:
            continue
        row = {"participant_id": pid, "timepoint": timepoint}
        for inst, prefix, scale, t, centre, loading, noise in BLOCKS:
            for i in items_of(inst, scale):
                level = centre + OFFSET[(inst["id"], i)] + loading * trait[t]
                row[f"{prefix}{i}"] = answer(inst, i, level, noise)
        if timepoint == "post":
            correction = min(4.0, max(0.0, correction - 0.25 + 0.3 * (post["is"] - pre["is"]) + rng.gauss(0, 0.2)))
        row["fscs_self_correction"] = f"{correction:.2f}"
        rows.append(row)

# A couple of single skipped items.
next(r for r in rows if r["participant_id"] == "T04" and r["timepoint"] == "pre")["scs_sf_7"] = ""
next(r for r in rows if r["participant_id"] == "T11" and r["timepoint"] == "post")["fscrs_15"] = ""

columns = ["participant_id", "timepoint"]
columns += [f"scs_sf_{i}" for i in range(1, SCS_SF["items"] + 1)]
columns += [f"fscrs_{i}" for i in range(1, FSCRS["items"] + 1)]
columns += ["fscs_self_correction"]
rows.sort(key=lambda r: (r["timepoint"] != "pre", r["participant_id"]))
(HERE / "data").mkdir(exist_ok=True)
with open(HERE / "data" / "scores.csv", "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
print(f"wrote {len(rows)} rows to data/scores.csv")

# Attendance and participants: a second generator, so the scores above never change.
SESSIONS = 8
arng = random.Random(2026)
with_post = [p for p in people if p not in no_post]
low_attenders = set(sorted(with_post, key=lambda p: responsiveness[p])[:5])
attendance = {}
for pid in people:
    if pid == "T17":
        came = set()
    elif pid == "T06":
        came = {1, 2, 3, 4}
    elif pid == "T13":
        came = {1, 2, 3}
    elif pid in low_attenders:
        came = set(arng.sample(range(1, SESSIONS + 1), arng.choice([4, 5, 5])))
    else:
        came = set(range(1, SESSIONS + 1)) - set(arng.sample(range(1, SESSIONS + 1), arng.choice([0, 0, 1, 1, 2])))
    attendance[pid] = came
with open(HERE / "data" / "attendance.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["participant_id"] + [f"s{s}" for s in range(1, SESSIONS + 1)])
    for pid in people:
        writer.writerow([pid] + [1 if s in attendance[pid] else 0 for s in range(1, SESSIONS + 1)])

PSEUDONYMS = ["Amira", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hamza", "Isla", "Jonah", "Kiran",
              "Leah", "Marek", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Uma"]
SITES = ["Northfield Primary"] * 8 + ["Hillcrest Academy"] * 8 + ["Riverside Primary"] * 5
ROLES = ["Teacher"] * 11 + ["Teaching assistant"] * 7 + ["School leader"] * 3
YEARS = ["Under 5"] * 6 + ["5 to 14"] * 9 + ["15 or more"] * 6
for column in (SITES, ROLES, YEARS):
    arng.shuffle(column)
listed = people + ["T21"]
with open(HERE / "data" / "participants.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["participant_id", "pseudonym", "site", "role", "years_in_teaching", "consented", "withdrawn"])
    for i, pid in enumerate(listed):
        consented = "no" if pid == "T21" else "yes"
        withdrawn = "yes" if pid == "T13" else "no"
        writer.writerow([pid, PSEUDONYMS[i], SITES[i], ROLES[i], YEARS[i], consented, withdrawn])
print(f"wrote {len(people)} people to data/attendance.csv and {len(listed)} to data/participants.csv")
