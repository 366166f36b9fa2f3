#!/usr/bin/env python3
"""Write the data of the cft-module example: invented, synthetic data.

The example is shaped like a published mixed-methods evaluation of compassionate mind training
in a 12-week compassion-focused therapy module for qualified health professionals: 16 enrolled,
15 consented, 11 returned questionnaires both before and after. Nothing in it is taken from that
study except its shape and the targets below; every number is simulated and every quote invented.

- data/scores.csv: the SCS-SF (12 items, 1-5) and FSCRS (22 items, 0-4) at item level, and two
  already-scored FSCS subscale totals (self-correction, self-persecution), for 15 people at `pre`
  and 11 at `post`. For each scale, the scores of the 11 pairs are drawn from beta distributions
  whose means and SDs are the targets in TARGETS, paired through a Gaussian copula with
  correlation `r`; among `SEARCH` seeded draws the one whose paired means, SDs and t come closest
  to the targets is kept. People are then matched to pairs by a common "distress" trait (so the
  scales correlate as they would), and items are drawn to add up to each person's scale score,
  reverse-keyed items flipped using the keys in src/instruments/keys.
- data/attendance.csv: 12 weekly sessions, long layout (participant_id, session, attended).
- data/participants.csv: gender, profession and age band of the 15 who consented (the 16th
  person, who did not consent, appears in no file: programme.toml counts them in [flow]).
- data/codebook.csv and data/excerpts.csv: weekly practice diaries (all 15) and one focus group
  (8 people), coded into three themes with three subthemes each. The quotes were written for
  this example; none is real.

Run with Python 3.11 or later: `python3 make_data.py`. The seeds are fixed, so the output is the
same on every run.
"""

import csv
import math
import random
import statistics
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
SEARCH = 4000

# scale: (pre mean, pre SD, post mean, post SD, paired t, range, step)
# Means and SDs as in the study's table of pre/post means (SCS-SF a mean score; FSCRS and FSCS
# subscale sums); `t` is the size of the paired t the study reports, signed as post minus pre.
# `step` is the grid a score lies on (a 12-item mean moves in twelfths).
TARGETS = {
    "scs": (2.8, 0.8, 3.5, 0.4, 3.125, (1, 5), 1 / 12),
    "persecution": (7.4, 8.6, 3.9, 2.9, -1.303, (0, 28), 1),
    "correction": (21.3, 11.2, 11.2, 6.6, -2.983, (0, 56), 1),
    "inadequate": (19.3, 8.8, 13.1, 4.7, -2.040, (0, 36), 1),
    "reassured": (14.2, 7.2, 19.8, 4.7, 2.187, (0, 32), 1),
    "hated": (4.8, 4.5, 2.5, 1.9, -1.636, (0, 20), 1),
}
# Higher distress means a higher score on these, lower on the rest.
DISTRESS_UP = {"persecution", "correction", "inadequate", "hated"}

PEOPLE = [f"CFT{n:02d}" for n in range(1, 16)]
NO_POST = {"CFT04", "CFT09", "CFT13", "CFT15"}  # returned no post questionnaire
PAIRED = [p for p in PEOPLE if p not in NO_POST]
N = len(PAIRED)  # 11


def key(name):
    with open(KEYS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def items_of(inst, scale_id):
    return next(s["items"] for s in inst["scales"] if s["id"] == scale_id)


def beta_params(mean, sd, lo, hi):
    """Shape parameters of a beta distribution on [lo, hi] with this mean and SD."""
    mu, var = (mean - lo) / (hi - lo), (sd / (hi - lo)) ** 2
    common = mu * (1 - mu) / var - 1
    return mu * common, (1 - mu) * common


def on_grid(x, lo, hi, step):
    return min(hi, max(lo, round((x - lo) / step) * step + lo))


def paired_stats(pre, post):
    d = [b - a for a, b in zip(pre, post)]
    t = statistics.mean(d) / (statistics.stdev(d) / math.sqrt(len(d)))
    return statistics.mean(pre), statistics.stdev(pre), statistics.mean(post), statistics.stdev(post), t


def draw_pairs(name, seed):
    """N (pre, post) pairs for one scale from one seed."""
    m1, s1, m2, s2, t, (lo, hi), step = TARGETS[name]
    rng = random.Random(seed)
    # The correlation that gives the target t with the target SDs: sd_d^2 = s1^2 + s2^2 - 2 r s1 s2.
    sd_d = abs(m2 - m1) * math.sqrt(N) / abs(t)
    r = max(-0.9, min(0.9, (s1 * s1 + s2 * s2 - sd_d * sd_d) / (2 * s1 * s2)))
    a1, b1 = beta_params(m1, s1, lo, hi)
    a2, b2 = beta_params(m2, s2, lo, hi)
    pre = sorted(lo + (hi - lo) * rng.betavariate(a1, b1) for _ in range(N))
    post = sorted(lo + (hi - lo) * rng.betavariate(a2, b2) for _ in range(N))
    # Gaussian copula: rank the pairs of a correlated normal pair, give pre and post those ranks.
    z = []
    for _ in range(N):
        u, e = rng.gauss(0, 1), rng.gauss(0, 1)
        z.append((u, r * u + math.sqrt(1 - r * r) * e))
    rank1 = sorted(range(N), key=lambda i: z[i][0])
    rank2 = sorted(range(N), key=lambda i: z[i][1])
    x, y = [0.0] * N, [0.0] * N
    for k, i in enumerate(rank1):
        x[i] = on_grid(pre[k], lo, hi, step)
    for k, i in enumerate(rank2):
        y[i] = on_grid(post[k], lo, hi, step)
    return x, y


def misfit(name, pairs):
    m1, s1, m2, s2, t, _, _ = TARGETS[name]
    got = paired_stats(*pairs)
    want = (m1, s1, m2, s2)
    scale = max(s1, s2)
    err = sum(((g - w) / scale) ** 2 for g, w in zip(got[:4], want))
    return err + 0.05 * (got[4] - t) ** 2


def best_pairs(name, base):
    best = min(range(base, base + SEARCH), key=lambda seed: misfit(name, draw_pairs(name, seed)))
    return draw_pairs(name, best)


def spread(total, k, lo, hi, offsets, rng):
    """k integer item values in [lo, hi] that add up to `total`, near total/k plus each offset."""
    level = total / k
    values = [min(hi, max(lo, round(level + off + rng.gauss(0, 0.9)))) for off in offsets]
    while sum(values) != total:
        up = sum(values) < total
        candidates = [i for i, v in enumerate(values) if (v < hi if up else v > lo)]
        # Move the item that is furthest from where it "wants" to be.
        i = max(candidates, key=lambda i: (level + offsets[i] - values[i]) * (1 if up else -1) + rng.random() * 0.5)
        values[i] += 1 if up else -1
    return values


def write(name, columns, rows):
    with open(HERE / "data" / name, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to data/{name}")


# ---- Scores -------------------------------------------------------------------------------------

rng = random.Random(1207)
SCS_SF, FSCRS = key("scs-sf"), key("fscrs")
distress = {p: rng.gauss(0, 1) for p in PEOPLE}
scores = {p: {} for p in PEOPLE}  # person -> scale -> (pre, post or None)
for n, name in enumerate(TARGETS):
    pre, post = best_pairs(name, 10_000 * (n + 1))
    m1, s1, _, _, _, (lo, hi), step = TARGETS[name]
    # The most distressed person gets the most distressed pre score, with some noise.
    sign = 1 if name in DISTRESS_UP else -1
    people = sorted(PAIRED, key=lambda p: sign * distress[p] + rng.gauss(0, 0.6))
    pairs = sorted(zip(pre, post))
    for p, pair in zip(people, pairs):
        scores[p][name] = pair
    a, b = beta_params(m1, s1, lo, hi)
    for p in sorted(NO_POST):
        x = on_grid(lo + (hi - lo) * rng.betavariate(a, b), lo, hi, step)
        scores[p][name] = (x, None)

# Items: each person's scale score spread over the scale's items.
BLOCKS = [
    (SCS_SF, "scs_sf_", "total", "scs", 12),
    (FSCRS, "fscrs_", "inadequate_self", "inadequate", 1),
    (FSCRS, "fscrs_", "hated_self", "hated", 1),
    (FSCRS, "fscrs_", "reassured_self", "reassured", 1),
]
OFFSET = {(b[0]["id"], i): rng.gauss(0, 0.3) for b in BLOCKS for i in items_of(b[0], b[2])}
rows = []
for timepoint, index in (("pre", 0), ("post", 1)):
    for p in PEOPLE:
        if timepoint == "post" and p in NO_POST:
            continue
        row = {"participant_id": p, "timepoint": timepoint}
        for inst, prefix, scale, name, per in BLOCKS:
            items = items_of(inst, scale)
            total = round(scores[p][name][index] * per)
            offsets = [OFFSET[(inst["id"], i)] for i in items]
            for i, x in zip(items, spread(total, len(items), inst["min"], inst["max"], offsets, rng)):
                row[f"{prefix}{i}"] = inst["min"] + inst["max"] - x if i in inst["reverse"] else x
        row["fscs_self_correction"] = int(scores[p]["correction"][index])
        row["fscs_self_persecution"] = int(scores[p]["persecution"][index])
        rows.append(row)

# One skipped FSCRS item at pre by someone with no post questionnaire (prorated when scored).
next(r for r in rows if r["participant_id"] == "CFT13")["fscrs_7"] = ""

columns = ["participant_id", "timepoint"]
columns += [f"scs_sf_{i}" for i in range(1, SCS_SF["items"] + 1)]
columns += [f"fscrs_{i}" for i in range(1, FSCRS["items"] + 1)]
columns += ["fscs_self_correction", "fscs_self_persecution"]
(HERE / "data").mkdir(exist_ok=True)
write("scores.csv", columns, [[r[c] for c in columns] for r in rows])

print("scale        pre M (SD)      post M (SD)     t      (targets: pre, post, t)")
for name, (m1, s1, m2, s2, t, _, _) in TARGETS.items():
    pre = [scores[p][name][0] for p in PAIRED]
    post = [scores[p][name][1] for p in PAIRED]
    g = paired_stats(pre, post)
    print(f"{name:12} {g[0]:5.2f} ({g[1]:5.2f})  {g[2]:5.2f} ({g[3]:5.2f})  {g[4]:6.2f}"
          f"   ({m1} ({s1}), {m2} ({s2}), {t})")

# ---- Attendance and participants ------------------------------------------------------------------

SESSIONS = 12
arng = random.Random(2021)
attendance = []
for p in PEOPLE:
    # Most came to nearly every session; two of those who returned no post questionnaire less.
    missed = arng.choice([0, 0, 0, 1, 1, 2]) if p not in {"CFT09", "CFT15"} else arng.choice([4, 5, 6])
    absent = set(arng.sample(range(2, SESSIONS + 1), missed))
    for s in range(1, SESSIONS + 1):
        attendance.append((p, s, "no" if s in absent else "yes"))
write("attendance.csv", ["participant_id", "session", "attended"], attendance)

GENDER = ["Man"] * 8 + ["Woman"] * 7
PROFESSION = ["Counsellor or psychotherapist"] * 13 + ["Psychological wellbeing practitioner", "Mental health practitioner"]
AGE = ["Under 30"] * 4 + ["30 to 39"] * 6 + ["40 to 49"] * 5
for column in (GENDER, PROFESSION, AGE):
    arng.shuffle(column)
write("participants.csv", ["participant_id", "gender", "profession", "age"],
      [(p, GENDER[i], PROFESSION[i], AGE[i]) for i, p in enumerate(PEOPLE)])

# ---- Themes ---------------------------------------------------------------------------------------

# code, theme, subtheme, description (row order is display order)
THEME1, THEME2, THEME3 = "Benefits in everyday life", "Compassion in the therapy room", "Obstacles and how they were met"
CODEBOOK = [
    ("slowing", THEME1, "Slowing down", "Using the breath and posture to settle the body before or after demanding moments"),
    ("voice", THEME1, "A kinder inner voice", "Noticing self-criticism and answering it in a warmer tone"),
    ("energy", THEME1, "Energy to act", "Compassion as encouragement to take on things that had been put off"),
    ("present", THEME2, "Staying with distress", "Remaining present with a client's pain without rushing to fix it"),
    ("adapting", THEME2, "Adapting the exercises", "Trying the practices with clients and shaping them to the person"),
    ("reassurance", THEME2, "Needing reassurance", "Wanting to know that the approach was being used well"),
    ("time", THEME3, "Finding the time", "Practice squeezed out by work, placement and study"),
    ("undeserving", THEME3, "Discomfort with warmth", "Unease at directing warmth towards oneself"),
    ("setbacks", THEME3, "Setbacks as practice", "Meeting lapses and difficulties with the same kindness the exercises teach"),
]

D, FG = "diary", "focus group"
# participant, source, week, code, quote, exemplar
EXCERPTS = [
    ("CFT01", D, 1, "slowing", "Tried the breathing on the bus home. By the third stop my shoulders had dropped and I noticed I wasn't going over the day's mistakes any more.", "n"),
    ("CFT01", D, 2, "voice", "I caught myself calling myself useless after a session that went badly. This time I stopped and asked what I would say to a colleague, and the answer was much gentler.", "y"),
    ("CFT01", D, 7, "energy", "Finally rang the dentist I've been avoiding since Christmas. The kind voice was more of a push than the harsh one ever was.", "n"),
    ("CFT02", FG, "", "reassurance", "I kept wanting someone to tell me I was doing it right. Halfway through I realised that wanting was part of what we were studying.", "n"),
    ("CFT01", FG, "", "time", "Three hours on a weekday evening after a full clinic is a lot. Some weeks I arrived with nothing left to give.", "n"),
    ("CFT02", D, 4, "present", "A client described the night her father died. Normally I would have rushed to a technique. This time I stayed with her, and the silence felt like part of the work rather than a gap I had to fill.", "y"),
    ("CFT02", D, 5, "undeserving", "I noticed resistance when the recording asked me to direct warmth towards myself. Sending it to others was fine.", "n"),
    ("CFT02", FG, "", "slowing", "For me the breathing was the way in. Everything else we did sort of rested on being able to slow myself down first.", "n"),
    ("CFT03", D, 2, "slowing", "The breathing feels awkward when I'm alone, but before a session it gives me a minute to arrive rather than rush in still thinking about the last client.", "n"),
    ("CFT03", D, 3, "undeserving", "Being kind to clients comes easily. Being kind to myself feels like I'm letting myself off the hook.", "n"),
    ("CFT03", D, 9, "adapting", "Used a shortened version of the safe place exercise with a client who can't manage more than a couple of minutes of imagery. She asked to do it again next week.", "n"),
    ("CFT03", FG, "", "voice", "The biggest change for me is the tone of the voice in my head. It hasn't gone quiet, but it doesn't shout like it did in January.", "n"),
    ("CFT04", D, 1, "time", "Clinic, essays and a part-time job. Where exactly am I meant to find twenty minutes of compassion a day?", "n"),
    ("CFT04", D, 3, "voice", "My inner critic is loud and fast. The compassionate voice is slower, but this week it got the last word for once.", "n"),
    ("CFT04", D, 6, "time", "Two weeks with almost no practice. I've stopped pretending I'll do the long recording and just do the three-minute one in the car.", "n"),
    ("CFT05", D, 1, "slowing", "Slow breath, slower thoughts.", "n"),
    ("CFT05", D, 5, "voice", "This week was hard. A client I had worked with for months stopped coming without warning, and my first reaction was to go over every session looking for the moment I got it wrong. I spent most of Tuesday evening doing that. On Wednesday I tried the exercise where you picture your compassionate self sitting beside you, and I asked what it would notice. It noticed that I cared a great deal, that people stop coming for many reasons, and that a review with Priya in supervision would be more useful than a night of blaming myself. I slept better after that, which I did not expect at all, and on Thursday I could think about the client with curiosity instead of dread.", "n"),
    ("CFT05", D, 10, "energy", "Put my name forward to run the team's reflective practice group. A month ago I'd have talked myself out of it.", "n"),
    ("CFT06", D, 4, "voice", "Wrote a letter to myself from my compassionate self. It felt silly at first, then I cried a bit, then I felt lighter.", "n"),
    ("CFT06", D, 5, "present", "I was less frightened of the client's tears today. I think because I was less frightened of my own.", "n"),
    ("CFT06", D, 8, "present", "Sat with someone's hopelessness today without trying to argue them out of it.", "n"),
    ("CFT06", FG, "", "time", "The practice is the first thing to go when work gets busy, and that's exactly when I need it.", "n"),
    ("CFT07", D, 3, "slowing", "When the duty phone rang during lunch I could feel my chest tighten. I did four slow breaths before answering and my voice came out calmer than I felt.", "n"),
    ("CFT07", D, 6, "energy", "Protected my Wednesday evening for the first time in weeks and did not check my work email once.", "n"),
    ("CFT07", FG, "", "present", "When I'm kinder to myself I have more room for the person in front of me. I'm not spending half the session defending myself in my head.", "n"),
    ("CFT07", FG, "", "adapting", "I've stopped handing out the exercises like homework sheets. We build them together now, and clients come back having actually tried them.", "y"),
    ("CFT08", D, 1, "undeserving", "The warmth exercise made me uncomfortable. Part of me thinks I haven't earned it.", "n"),
    ("CFT08", D, 3, "time", "Three late finishes this week and no practice at all. I'll try the short version on the train.", "n"),
    ("CFT08", D, 11, "setbacks", "Missed a whole week of practice and noticed I was gentler about it than I would have been in January. That might be the most useful thing I've learnt.", "n"),
    ("CFT03", FG, "", "reassurance", "Knowing there's research behind it helped me. I needed to know it wasn't just a nice idea before I'd try it with clients.", "n"),
    ("CFT08", FG, "", "voice", "I don't want to lose the critic altogether, it keeps my standards up. But it doesn't get to run the show any more.", "n"),
    ("CFT09", D, 2, "time", "Missed most of the practice this week. Deadlines won.", "n"),
    ("CFT09", D, 3, "undeserving", "Honestly, some of the exercises just don't land for me yet. I go through the steps and wait for something to happen.", "n"),
    ("CFT09", D, 4, "undeserving", "I still feel a bit of a fraud doing this. Maybe that's the part I need to work on.", "n"),
    ("CFT10", D, 2, "slowing", "Practised every morning this week. It is becoming a habit rather than a task, which surprised me.", "n"),
    ("CFT10", D, 3, "voice", "Noticed the critic in the middle of writing my case notes. Named it, thanked it for trying to keep me safe, carried on.", "n"),
    ("CFT10", D, 8, "present", "Stayed grounded with a very angry client. Feet on the floor, slow breath, warm voice. It didn't fix anything but it didn't escalate either.", "n"),
    ("CFT10", D, 5, "energy", "Came out of Tuesday's session buzzing. Booked the extra reading group I'd been putting off for a term.", "n"),
    ("CFT11", D, 1, "setbacks", "Practice slipped again this week because of the assignment deadline. What helped was not beating myself up about it, which I suppose is the practice working in a roundabout way.", "y"),
    ("CFT11", D, 3, "voice", "I'm starting to hear the difference between holding myself to account and attacking myself. They used to feel like the same thing.", "n"),
    ("CFT11", D, 5, "energy", "Left on time three days out of five. Small, but it's the first time this year.", "n"),
    ("CFT11", FG, "", "energy", "I told my manager I needed a proper lunch break. I'd never have done that before the module.", "n"),
    ("CFT12", D, 4, "slowing", "I used the breathing in the car park before a difficult review meeting and walked in feeling steadier than I expected to.", "n"),
    ("CFT12", D, 9, "adapting", "A client with chronic pain found the breathing made her more aware of the pain, so we tried a sound-based version instead. Much better.", "n"),
    ("CFT12", FG, "", "present", "I notice I make fewer interpretations and more space. Clients seem to fill that space themselves.", "n"),
    ("CFT12", FG, "", "setbacks", "Some weeks the exercises made me feel worse before they made me feel better. Staying with that was the lesson, really.", "n"),
    ("CFT13", D, 2, "undeserving", "The compassionate image exercise brought up more sadness than I expected. I stopped halfway and went for a walk instead.", "n"),
    ("CFT13", D, 6, "setbacks", "Went back to the exercise I abandoned in week two. Managed the whole thing this time, slowly.", "n"),
    ("CFT14", D, 3, "time", "Shift work makes a routine impossible. I practise whenever there's a gap, which is usually at two in the morning.", "n"),
    ("CFT15", D, 7, "reassurance", "Not sure I'm doing the imagery right. Everyone else seems to see a clear picture and I get a vague feeling at best.", "n"),
    ("CFT14", D, 12, "voice", "Last diary. Reading back through it, the early entries are so harsh. I wouldn't talk to anyone else like that.", "y"),
    ("CFT15", D, 1, "slowing", "I liked the breathing more than I thought I would. It's the one thing I can do on a ward without anyone noticing.", "n"),
    ("CFT15", D, 4, "time", "Only managed one practice this week, in the bath on Sunday.", "n"),
]

write("codebook.csv", ["code", "theme", "subtheme", "description"], CODEBOOK)
write("excerpts.csv", ["participant_id", "source", "when", "code", "quote", "exemplar"], EXCERPTS)
