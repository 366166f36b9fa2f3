#!/usr/bin/env python3
"""Write the data of the compassion-in-schools example: invented, synthetic data.

- data/scores.csv: the SCS-SF, FSCRS and SWEMWBS at item level, before and after an
  eight-session compassionate mind training course, for 20 staff of two schools. Each person has
  latent traits (self-compassion, inadequate self, hated self, reassured self, wellbeing); every
  item is the trait plus noise, rounded and clipped to the item's range, and reverse-keyed items
  are flipped using the keys in src/instruments/keys. Training shifts the traits by a moderate
  amount that varies from person to person (a few people get worse).
- data/attendance.csv (wide: s1 … s8) and data/participants.csv are drawn from a second seeded
  generator, so the scores stay as they were: the people who changed least tend to come to fewer
  sessions; T17 never comes, T06 stops after session 4 and T13 withdraws after session 3; T21 is
  on the list but did not consent.
- data/codebook.csv and data/excerpts.csv: weekly practice diaries, coded into three themes with
  two subthemes each. The quotes were written for this example; none is real.

Run with Python 3.11 or later: `python3 make_data.py`. The seeds are fixed, so the output is the
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


SCS_SF, FSCRS, SWEMWBS = key("scs-sf"), key("fscrs"), key("swemwbs")
# (instrument, prefix, scale id, trait, centre, loading, noise)
BLOCKS = [
    (SCS_SF, "scs_sf_", "total", "sc", 2.7, 0.7, 0.85),
    (FSCRS, "fscrs_", "inadequate_self", "is", 1.9, 0.8, 0.9),
    (FSCRS, "fscrs_", "hated_self", "hs", 1.3, 0.9, 0.6),
    (FSCRS, "fscrs_", "reassured_self", "rs", 2.1, 0.75, 0.9),
    (SWEMWBS, "swemwbs_", "total", "wb", 3.2, 0.6, 0.7),
]
OFFSET = {(b[0]["id"], i): rng.gauss(0, 0.25) for b in BLOCKS for i in items_of(b[0], b[2])}
# Mean change per trait (in SD units) and how much each trait follows personal responsiveness.
CHANGE = {"sc": (0.7, 0.5), "is": (-0.55, -0.45), "hs": (-0.4, -0.35), "rs": (0.6, 0.45), "wb": (0.45, 0.4)}

people = [f"T{n:02d}" for n in range(1, 21)]
no_post = {"T06", "T13", "T17"}
rows = []
responsiveness = {}
for pid in people:
    z = [rng.gauss(0, 1) for _ in range(5)]
    pre = {"sc": z[0], "is": -0.6 * z[0] + 0.8 * z[1], "rs": 0.55 * z[0] + 0.83 * z[3]}
    pre["hs"] = 0.65 * pre["is"] + 0.76 * z[2]
    pre["wb"] = 0.5 * z[0] - 0.3 * pre["is"] + 0.75 * z[4]
    responsive = rng.gauss(0, 1)
    responsiveness[pid] = responsive
    post = {t: v + CHANGE[t][0] + CHANGE[t][1] * responsive + rng.gauss(0, 0.25) for t, v in pre.items()}
    for timepoint, trait in (("pre", pre), ("post", post)):
        if timepoint == "post" and pid in no_post:
            continue
        row = {"participant_id": pid, "timepoint": timepoint}
        for inst, prefix, scale, t, centre, loading, noise in BLOCKS:
            for i in items_of(inst, scale):
                level = centre + OFFSET[(inst["id"], i)] + loading * trait[t]
                row[f"{prefix}{i}"] = answer(inst, i, level, noise)
        rows.append(row)

# A few single skipped items: prorated for the SCS-SF and FSCRS; the SWEMWBS needs all seven
# items, so T09's post wellbeing score is missing.
next(r for r in rows if r["participant_id"] == "T04" and r["timepoint"] == "pre")["scs_sf_7"] = ""
next(r for r in rows if r["participant_id"] == "T11" and r["timepoint"] == "post")["fscrs_15"] = ""
next(r for r in rows if r["participant_id"] == "T09" and r["timepoint"] == "post")["swemwbs_5"] = ""

columns = ["participant_id", "timepoint"]
columns += [f"scs_sf_{i}" for i in range(1, SCS_SF["items"] + 1)]
columns += [f"fscrs_{i}" for i in range(1, FSCRS["items"] + 1)]
columns += [f"swemwbs_{i}" for i in range(1, SWEMWBS["items"] + 1)]
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
SITES = ["Northfield Primary"] * 11 + ["Hillcrest Academy"] * 10
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

# Diaries: written for this example. Each entry is dated to the session week nearest the one
# given here that the person came to.
T1, T2, T3 = "Calmer in the classroom", "Kinder to myself", "Fitting it into the school day"
CODEBOOK = [
    ("pause", T1, "A pause before reacting", "Using the breath to stop and choose a response when a lesson gets heated"),
    ("pupils", T1, "Seeing the child behind the behaviour", "Noticing distress underneath pupils' behaviour and responding to it"),
    ("critic", T2, "A quieter inner critic", "Catching harsh self-talk about teaching and answering it more gently"),
    ("rest", T2, "Permission to rest", "Treating breaks, evenings and weekends as allowed rather than earned"),
    ("time", T3, "No room in the timetable", "Practice squeezed out by marking, meetings and cover"),
    ("together", T3, "Practising with colleagues", "Sharing the practices in the staffroom and in teams"),
]
# participant, week, code, quote, exemplar
DIARY = [
    ("T01", 1, "pause", "Year 8 were wild after lunch. I did the slow breathing while they came in and for once I didn't raise my voice.", "n"),
    ("T01", 5, "critic", "Observation feedback was fine but I only heard the one criticism. Wrote down the three good points as well, which felt odd but helped.", "n"),
    ("T02", 2, "pupils", "A boy who's always 'difficult' told me his dad had moved out. I've been seeing defiance when it was worry.", "y"),
    ("T02", 6, "together", "Three of us did the breathing together before the staff meeting. It changed the whole tone of the meeting.", "n"),
    ("T03", 1, "time", "Honestly, between marking and parents' evening there has been no practice at all this week.", "n"),
    ("T03", 4, "rest", "Didn't take marking home on Friday. The world didn't end.", "n"),
    ("T04", 2, "critic", "I said 'that reading group was a disaster' in my head and then asked myself whether it really was. It was one activity that didn't work.", "n"),
    ("T04", 7, "pupils", "Sat with a Year 6 girl who was crying about SATs instead of telling her it would be fine. She calmed down faster.", "n"),
    ("T05", 3, "pause", "The three breaths before answering a parent's email are now a habit. My replies are shorter and kinder.", "n"),
    ("T05", 8, "together", "We've started a two-minute pause at the start of our department meeting. People actually look forward to it.", "y"),
    ("T06", 2, "time", "Cover, a trip and a safeguarding meeting. I listened to the recording in the car park and that was it.", "n"),
    ("T07", 1, "rest", "I always feel guilty leaving before five. Left at four on Wednesday and went for a walk.", "n"),
    ("T07", 5, "critic", "Noticed how much I compare myself with the other assistants in the department. Tried saying what I'd say to a trainee in my position.", "n"),
    ("T08", 3, "pause", "Lost it with Year 9 on Monday. On Thursday, same situation, I stopped, breathed, and gave them a choice instead of a threat.", "n"),
    ("T09", 2, "pupils", "I'm starting to notice the quiet ones who are struggling, not just the loud ones.", "n"),
    ("T09", 6, "time", "Assessment week. Practice fell apart, but I didn't beat myself up about it, which is new.", "n"),
    ("T10", 4, "together", "Showed the class teacher I work with the soothing breath, and now we do it with the children after break.", "n"),
    ("T11", 1, "critic", "My critic sounds exactly like my old head of department. Naming that was oddly useful.", "n"),
    ("T11", 7, "rest", "Took a proper lunch break three days this week. Sat in the staffroom instead of at my desk.", "n"),
    ("T12", 3, "pupils", "When a pupil swore at me I didn't take it personally. I asked what had happened at break, and it turned out a lot had.", "n"),
    ("T13", 2, "time", "The sessions are after school on my longest day. By half four I have nothing left.", "n"),
    ("T14", 5, "pause", "Used the breathing before a difficult conversation with the head. Said what I meant without shaking.", "n"),
    ("T15", 6, "rest", "Half term. Actually rested instead of planning all week. Feel human again.", "n"),
    ("T15", 2, "together", "A colleague asked what I was doing with my breathing in the corridor. I showed her, she does it now too.", "n"),
    ("T16", 4, "critic", "A parent had a go at me at pick-up. Old me would have replayed it all weekend. This time I wrote myself a kind note and moved on.", "y"),
    ("T18", 3, "time", "It's hard to find ten quiet minutes in a school. I've started doing the practice in my car before I go in.", "n"),
    ("T18", 8, "pupils", "The course has changed how I talk to the children who find school hardest. Less 'why did you do that', more 'what's going on for you'.", "n"),
    ("T19", 1, "pause", "Noticed my jaw clenching in every meeting. Just noticing it seems to help it let go.", "n"),
    ("T20", 5, "rest", "Told my line manager I couldn't take on another club this term. She was fine about it.", "n"),
    ("T20", 7, "critic", "Still hard on myself, but I can hear it now, which I couldn't at the start.", "n"),
]
with open(HERE / "data" / "codebook.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["code", "theme", "subtheme", "description"])
    writer.writerows(CODEBOOK)
with open(HERE / "data" / "excerpts.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["participant_id", "source", "when", "code", "quote", "exemplar"])
    for pid, week, code, quote, exemplar in DIARY:
        week = min(attendance[pid], key=lambda s: (abs(s - week), s))
        writer.writerow([pid, "diary", week, code, quote, exemplar])
print(f"wrote {len(CODEBOOK)} codes to data/codebook.csv and {len(DIARY)} diary excerpts to data/excerpts.csv")
