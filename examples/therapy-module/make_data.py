#!/usr/bin/env python3
"""Write the data of the therapy-module example: invented, synthetic data.

- data/scores.csv: SCS-SF and FSCRS at item level, before and after a compassion-focused module,
  for 12 trainee therapists (one returned no post questionnaire). Each person has latent traits;
  every item is the trait plus noise, rounded and clipped to the item's range, and reverse-keyed
  items are flipped using the keys in src/instruments/keys.
- data/codebook.csv and data/excerpts.csv: weekly diary entries and one focus group, coded into
  three themes with subthemes. The quotes were written for this example; none is real.

Run with Python 3.11 or later: `python3 make_data.py`. The seed is fixed, so the output is the
same on every run.
"""

import csv
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
rng = random.Random(1207)


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


def write(name, columns, rows):
    with open(HERE / "data" / name, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to data/{name}")


# Codebook: code, theme, subtheme, description (row order is display order).
CODEBOOK = [
    ("breath", "Calming the threat system", "Slowing down through the breath",
     "Using soothing rhythm breathing to settle before or after demanding moments"),
    ("voice", "Calming the threat system", "A kinder inner voice",
     "Noticing self-criticism and answering it in a warmer tone"),
    ("present", "Compassion in the therapy room", "Staying with clients' distress",
     "Being able to remain present with a client's pain without rushing to fix it"),
    ("boundaries", "Compassion in the therapy room", "Boundaries as care",
     "Protecting time and energy as part of caring for clients"),
    ("obstacles", "Obstacles to practice", "",
     "Difficulties in keeping up the practice"),
    ("time", "Obstacles to practice", "Finding the time",
     "Practice squeezed out by placement, study and work"),
    ("undeserving", "Obstacles to practice", "Feeling undeserving",
     "Discomfort at directing warmth towards oneself"),
]

D, FG = "diary", "focus group"
# participant, source, week, code, quote, exemplar
EXCERPTS = [
    ("CFT01", D, 1, "breath", "Tried the soothing rhythm breathing on the bus home. By the third stop my shoulders had dropped and I noticed I wasn't rehearsing the day's mistakes any more.", "n"),
    ("CFT01", D, 2, "voice", "I caught myself calling myself useless after a session that went badly. This time I stopped and asked what I would say to a colleague, and the answer was much gentler.", "y"),
    ("CFT02", D, 4, "present", "A client described the night her father died. Normally I would have rushed to a technique. This time I stayed with her, and the silence felt like part of the work rather than a gap I had to fill.", "y"),
    ("CFT02", D, 5, "undeserving", "I noticed resistance when the recording asked me to direct warmth towards myself. Sending it to others was fine.", "n"),
    ("CFT02", FG, "", "breath", "For me the breathing was the way in. Everything else we did in the module sort of rested on being able to slow myself down first.", "n"),
    ("CFT03", D, 2, "breath", "The breathing feels awkward when I'm alone, but before a session it gives me a minute to arrive rather than rush in still thinking about the last client.", "n"),
    ("CFT03", D, 3, "undeserving", "Being kind to clients comes easily. Being kind to myself feels like I'm letting myself off the hook.", "n"),
    ("CFT03", FG, "", "voice", "The biggest change for me is the tone of the voice in my head. It hasn't gone quiet, but it doesn't shout like it did in September.", "n"),
    ("CFT04", D, 1, "time", "Placement, essays and a part-time job. Where exactly am I meant to find twenty minutes of compassion a day?", "n"),
    ("CFT04", D, 3, "voice", "My inner critic is loud and fast. The compassionate voice is slower, but this week it got the last word for once.", "n"),
    ("CFT04", D, 5, "voice", "Less 'you should have known better', more 'you were doing your best with what you had'.", "n"),
    ("CFT05", D, 1, "breath", "Slow breath, slower thoughts.", "n"),
    ("CFT05", D, 5, "voice", "This week was hard. A client I had worked with for months disengaged without warning, and my first reaction was to go over every session looking for the moment I got it wrong. I spent most of Tuesday evening doing that. On Wednesday I tried the exercise where you picture your compassionate self sitting beside you, and I asked what it would notice. It noticed that I cared a great deal, that disengagement happens for many reasons, and that a review with Priya in supervision would be more useful than a night of blaming myself. I slept better after that, which I did not expect at all, and on Thursday I could think about the client with curiosity instead of dread.", "n"),
    ("CFT06", D, 4, "voice", "Wrote a letter to myself from my compassionate self. It felt silly at first, then I cried a bit, then I felt lighter.", "n"),
    ("CFT06", D, 5, "present", "I was less frightened of the client's tears today. I think because I was less frightened of my own.", "n"),
    ("CFT06", D, 6, "present", "Sat with someone's hopelessness today without trying to argue them out of it.", "n"),
    ("CFT06", FG, "", "time", "The practice is the first thing to go when placement gets busy, and that's exactly when I need it.", "n"),
    ("CFT07", D, 3, "breath", "When the duty phone rang during lunch I could feel my chest tighten. I did four slow breaths before answering and my voice came out calmer than I felt.", "n"),
    ("CFT07", D, 6, "boundaries", "Protected my Wednesday evening for the first time in weeks and did not check my work email once.", "n"),
    ("CFT07", FG, "", "present", "When I'm kinder to myself I have more room for the person in front of me. I'm not spending half the session defending myself in my head.", "n"),
    ("CFT08", D, 1, "undeserving", "The warmth exercise made me uncomfortable. Part of me thinks I haven't earned it.", "n"),
    ("CFT08", D, 3, "time", "Three late finishes this week and no practice at all. I'll try the short version on the train.", "n"),
    ("CFT09", D, 2, "time", "Missed most of the practice this week. Deadlines won.", "n"),
    ("CFT09", D, 3, "obstacles", "Honestly, some of the exercises just don't land for me yet. I go through the steps and wait for something to happen.", "n"),
    ("CFT09", D, 4, "undeserving", "I still feel a bit of a fraud doing this. Maybe that's the part I need to work on.", "n"),
    ("CFT10", D, 2, "breath", "Practised every morning this week. It is becoming a habit rather than a task, which surprised me.", "n"),
    ("CFT10", D, 3, "voice", "Noticed the critic in the middle of writing my case notes. Named it, thanked it for trying to keep me safe, carried on.", "n"),
    ("CFT10", D, 6, "present", "Stayed grounded with a very angry client. Feet on the floor, slow breath, warm voice. It didn't fix anything but it didn't escalate either.", "n"),
    ("CFT11", D, 1, "time", "Practice slipped again this week because of the assignment deadline. What helped was not beating myself up about it, which I suppose is the practice working in a roundabout way.", "y"),
    ("CFT11", D, 3, "voice", "I'm starting to hear the difference between holding myself to account and attacking myself. They used to feel like the same thing.", "n"),
    ("CFT11", D, 5, "boundaries", "Left on time three days out of five. Small, but it's the first time this year.", "n"),
    ("CFT11", FG, "", "boundaries", "I told my placement manager I needed a proper lunch break. I'd never have done that before the module.", "n"),
    ("CFT12", D, 4, "breath", "I used the breathing in the car park before a difficult review meeting and walked in feeling steadier than I expected to.", "n"),
    ("CFT12", FG, "", "present", "I notice I make fewer interpretations and more space. Clients seem to fill that space themselves.", "n"),
    ("CFT12", FG, "", "boundaries", "Saying no to an extra client on a Friday afternoon used to feel selfish. Now it feels like looking after the service too, because an exhausted therapist isn't much use to anyone.", "n"),
]

SCS_SF, FSCRS = key("scs-sf"), key("fscrs")
# (instrument, prefix, scale id, trait, centre, loading, noise)
BLOCKS = [
    (SCS_SF, "scs_sf_", "total", "sc", 2.6, 0.7, 0.8),
    (FSCRS, "fscrs_", "inadequate_self", "is", 2.0, 0.8, 0.85),
    (FSCRS, "fscrs_", "hated_self", "hs", 1.2, 0.85, 0.6),
    (FSCRS, "fscrs_", "reassured_self", "rs", 2.0, 0.75, 0.85),
]
OFFSET = {(b[0]["id"], i): rng.gauss(0, 0.25) for b in BLOCKS for i in items_of(b[0], b[2])}
# Mean change per trait (in SD units) and how much each trait follows personal responsiveness.
CHANGE = {"sc": (0.9, 0.5), "is": (-0.75, -0.45), "hs": (-0.45, -0.3), "rs": (0.8, 0.45)}
# People who spoke of compassion in the therapy room are simulated as more responsive.
IN_THE_ROOM = {p for p, _, _, code, _, _ in EXCERPTS if code in ("present", "boundaries")}

people = [f"CFT{n:02d}" for n in range(1, 13)]
no_post = {"CFT09"}
rows = []
for pid in people:
    z = [rng.gauss(0, 1) for _ in range(4)]
    pre = {"sc": z[0], "is": -0.6 * z[0] + 0.8 * z[1], "rs": 0.55 * z[0] + 0.83 * z[3]}
    pre["hs"] = 0.65 * pre["is"] + 0.76 * z[2]
    responsive = rng.gauss(0, 0.8) + (0.6 if pid in IN_THE_ROOM else -0.4)
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

columns = ["participant_id", "timepoint"]
columns += [f"scs_sf_{i}" for i in range(1, SCS_SF["items"] + 1)]
columns += [f"fscrs_{i}" for i in range(1, FSCRS["items"] + 1)]
rows.sort(key=lambda r: (r["timepoint"] != "pre", r["participant_id"]))
(HERE / "data").mkdir(exist_ok=True)
write("scores.csv", columns, [[r[c] for c in columns] for r in rows])
write("codebook.csv", ["code", "theme", "subtheme", "description"], CODEBOOK)
write("excerpts.csv", ["participant_id", "source", "when", "code", "quote", "exemplar"], EXCERPTS)
