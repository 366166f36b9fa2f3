#!/usr/bin/env python3
"""Write the programme folders of the portfolio example, and the partner's results file:
invented, synthetic data.

The portfolio (portfolio.toml) combines three kinds of entry. This script writes the data of
two of them:

- three programme folders under programmes/, each a complete programme that `impact build`
  accepts on its own, and each measuring the SCS-SF so that the portfolio can pool it:
  - programmes/schools-2023/: 40 teachers and support staff of three schools (the `site`
    column of participants.csv), SCS-SF and SWEMWBS before and after an eight-session course,
    attendance, pseudonyms, and practice diaries coded into three themes;
  - programmes/nhs-wards-2024/: 30 staff of four wards of one trust, SCS-SF and PHQ-9 before
    and after a six-session group, attendance in the long layout;
  - programmes/workplace-2024/: 60 employees of three employers (sites again), SCS-SF and
    PSS-10 before and after four workshops, attendance, and focus-group and interview excerpts
    coded into four themes;
- partners/lisbon.json: the results of a partner's programme (50 teachers of a school cluster
  in Lisbon). The partner's programme folder is written to a temporary folder, built there with
  `impact build TMP --format json`, and only its report/results.json is copied here; the folder
  is then deleted. That is how a partner shares results: the raw data never leave it.

The third kind, summary figures from published or internal evaluations, is typed into
portfolio.toml.

Each person has latent traits (self-compassion, and wellbeing, depression or stress correlated
with it); every item is the trait plus noise, rounded and clipped to the item's range, and
reverse-keyed items are flipped using the keys in src/instruments/keys. Training shifts the
traits by an amount that varies from person to person (a few people get worse), by a different
amount in each programme. The people whose scores changed least tend to come to fewer sessions.
All quotes were written for this example; none is real.

The partner's results need the impact binary: the IMPACT environment variable, else
target/release/impact in the repository. Run with Python 3.11 or later:
`python3 examples/portfolio/make_data.py`. The seeds are fixed, so the output is the same on
every run.
"""

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
KEYS = REPO / "src" / "instruments" / "keys"


def key(name):
    with open(KEYS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


SCS_SF, SWEMWBS, PHQ9, PSS = key("scs-sf"), key("swemwbs"), key("phq-9"), key("pss-10")


def items_of(inst, scale_id):
    return next(s["items"] for s in inst["scales"] if s["id"] == scale_id)


def write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_text(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# ---- Simulation ---------------------------------------------------------------------------------


def simulate_scores(rng, people, no_post, blocks, change):
    """Item-level rows (pre, then post) and each person's responsiveness to the training.

    `blocks`: (instrument, prefix, scale id, trait, centre, loading, noise); `change`: trait ->
    (mean change, how much it follows responsiveness), in trait SD units. The traits other than
    self-compassion ("sc") are correlated with it: wellbeing positively, depression and stress
    negatively.
    """
    offset = {(b[0]["id"], i): rng.gauss(0, 0.25) for b in blocks for i in items_of(b[0], b[2])}
    rows, responsiveness = [], {}
    for pid in people:
        z0, z1 = rng.gauss(0, 1), rng.gauss(0, 1)
        pre = {"sc": z0, "wb": 0.55 * z0 + 0.83 * z1, "dep": -0.45 * z0 + 0.89 * z1, "st": -0.5 * z0 + 0.87 * z1}
        responsive = rng.gauss(0, 1)
        responsiveness[pid] = responsive
        post = {t: v + change.get(t, (0, 0))[0] + change.get(t, (0, 0))[1] * responsive + rng.gauss(0, 0.25)
                for t, v in pre.items()}
        for timepoint, trait in (("pre", pre), ("post", post)):
            if timepoint == "post" and pid in no_post:
                continue
            row = {"participant_id": pid, "timepoint": timepoint}
            for inst, prefix, scale, t, centre, loading, noise in blocks:
                lo, hi = inst["min"], inst["max"]
                for i in items_of(inst, scale):
                    level = centre + offset[(inst["id"], i)] + loading * trait[t]
                    x = min(hi, max(lo, round(level + rng.gauss(0, noise))))
                    row[f"{prefix}{i}"] = lo + hi - x if i in inst["reverse"] else x
            rows.append(row)
    rows.sort(key=lambda r: (r["timepoint"] != "pre", r["participant_id"]))
    return rows, responsiveness


def score_columns(blocks):
    columns = ["participant_id", "timepoint"]
    seen = set()
    for inst, prefix, *_ in blocks:
        if inst["id"] not in seen:
            seen.add(inst["id"])
            columns += [f"{prefix}{i}" for i in range(1, inst["items"] + 1)]
    return columns


def skip(rows, pid, timepoint, column):
    """Leave one item unanswered (prorated when scored, if the scale allows it)."""
    next(r for r in rows if r["participant_id"] == pid and r["timepoint"] == timepoint)[column] = ""


def simulate_attendance(rng, people, sessions, responsiveness, no_post, fixed):
    """Sessions each person came to: `fixed` pins some people; of the rest, the fifth who
    responded least come to about half, the others miss none to two."""
    with_post = [p for p in people if p not in no_post and p not in fixed]
    low = set(sorted(with_post, key=lambda p: responsiveness[p])[: max(1, len(with_post) // 5)])
    every = range(1, sessions + 1)
    came = {}
    for pid in people:
        if pid in fixed:
            came[pid] = set(fixed[pid])
        elif pid in low:
            came[pid] = set(rng.sample(every, max(1, sessions // 2 + rng.choice([0, 0, 1]))))
        elif pid in no_post:
            came[pid] = set(rng.sample(every, max(1, sessions // 2 - 1)))
        else:
            came[pid] = set(every) - set(rng.sample(every, rng.choice([0, 0, 1, 1, 2])))
    return came


def nearest_session(came, week):
    """The session nearest `week` that the person came to (diaries are dated by session)."""
    return min(came, key=lambda s: (abs(s - week), s))


def spread(rng, values, counts):
    """A shuffled column with each value repeated as many times as counts says."""
    column = [v for v, n in zip(values, counts) for _ in range(n)]
    rng.shuffle(column)
    return column


def paired_summary(rows, prefix, inst, scale="total"):
    """Paired pre and post means of a mean-scored scale, for the script's printout."""
    items = items_of(inst, scale)
    lo, hi = inst["min"], inst["max"]

    def score(row):
        xs = [row[f"{prefix}{i}"] for i in items]
        xs = [(lo + hi - x if i in inst["reverse"] else x) for i, x in zip(items, xs) if x != ""]
        return sum(xs) / len(xs)

    pre = {r["participant_id"]: score(r) for r in rows if r["timepoint"] == "pre"}
    post = {r["participant_id"]: score(r) for r in rows if r["timepoint"] == "post"}
    both = [p for p in pre if p in post]
    m1 = sum(pre[p] for p in both) / len(both)
    m2 = sum(post[p] for p in both) / len(both)
    return len(both), m1, m2


# ---- Schools, 2023 ------------------------------------------------------------------------------

SCHOOLS_TOML = """\
# Example programme inside the portfolio example: invented data (see ../../README.md).
[programme]
title = "Compassionate mind training for school staff, East Midlands"
template = "schools"
organisation = "Larkfield Learning Partnership"
funder = "Trentvale University Knowledge Exchange Fund"
planned_sessions = 8
period = "January–March 2023"

[data]
scores = "data/scores.csv"
timepoints = ["pre", "post"]
attendance = "data/attendance.csv"
participants = "data/participants.csv"
codebook = "data/codebook.csv"
excerpts = "data/excerpts.csv"

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"

[[measures]]
instrument = "swemwbs"
prefix = "swemwbs_"

[analysis]
min_cell = 5
completion = 0.75

[flow]
enrolled = 42          # two people signed up, then never returned a form: they appear in no file

[sites]
column = "site"        # the school, from participants.csv: a page per school, pooled across them
"""

SCHOOLS_NARRATIVE = """\
Three schools of the Larkfield Learning Partnership, two primaries and a secondary, offered the course to their teachers, teaching assistants and leaders in the spring term of 2023. It ran as eight weekly twilight sessions of 75 minutes in each school, led by facilitators trained by the university. The sessions moved from how the threat, drive and soothing systems shape a school day, through soothing rhythm breathing and compassionate imagery, to meeting the inner critic and bringing compassion into the classroom.

Staff answered the questionnaires at the first and the last session and kept a short practice diary each week.

*This is an invented example: the schools, the people and their words are synthetic.*
"""

T1, T2, T3 = "Steadier under pressure", "Gentler with myself", "Making it part of school life"
SCHOOLS_CODEBOOK = [
    ("breath", T1, "Breathing before responding", "Using soothing rhythm breathing to slow down before answering a pupil, parent or colleague"),
    ("behaviour", T1, "Reading behaviour differently", "Seeing worry or tiredness behind a pupil's behaviour"),
    ("critic", T2, "Answering the critic", "Noticing harsh self-talk about teaching and replying in a warmer voice"),
    ("limits", T2, "Setting limits", "Saying no, leaving on time and resting without guilt"),
    ("squeeze", T3, "Squeezed by the timetable", "Practice crowded out by marking, meetings, duties and cover"),
    ("shared", T3, "Sharing it with others", "Practising with colleagues or bringing the exercises to pupils"),
]
# participant, week, code, quote, exemplar
SCHOOLS_DIARY = [
    ("T01", 1, "breath", "Stood at the door doing the slow breath while Year 10 lined up. I started the lesson quieter than they did, which is a first.", "n"),
    ("T01", 6, "shared", "Taught my form the breathing in registration. Two of them asked to do it again before their mock.", "n"),
    ("T02", 2, "critic", "Got home and listed everything that went wrong today. Then I tried listing what went right, and the second list was longer.", "n"),
    ("T03", 3, "behaviour", "The girl who keeps walking out of maths told me she hasn't slept properly since her nan went into hospital. I had her down as defiant.", "y"),
    ("T03", 7, "limits", "Said no to running the Christmas fair this year. Felt sick saying it and fine ten minutes later.", "n"),
    ("T04", 1, "squeeze", "Parents' evening, a learning walk and two lots of cover. The recording is still unopened on my phone.", "n"),
    ("T05", 4, "critic", "My lesson observation went badly and the voice in my head said I'm not cut out for this. I asked what I'd say to an NQT after the same lesson. Not that.", "y"),
    ("T06", 2, "breath", "A parent was shouting at the gate. I breathed out slowly twice before I spoke and the conversation never got louder.", "n"),
    ("T07", 5, "shared", "Our year team now starts the Monday meeting with two minutes of quiet. Nobody has complained, which in our school is high praise.", "n"),
    ("T08", 3, "limits", "Left the marking in school on Friday. Went swimming instead. Marked it on Monday and nothing terrible happened.", "n"),
    ("T09", 6, "squeeze", "Ofsted week. No practice at all, but I noticed that and didn't add it to the list of things I'd failed at.", "n"),
    ("T10", 2, "behaviour", "I used to take it personally when a child refused to work. This week I asked one of them what was making it hard, and he told me.", "n"),
    ("T11", 4, "breath", "Breathing in the car before I walk in has become the start of my day. I notice when I skip it.", "n"),
    ("T12", 1, "critic", "I didn't realise how much I talk to myself like a disappointed head of year until we wrote it down.", "n"),
    ("T14", 5, "shared", "The teaching assistant I work with and I remind each other to slow down when the afternoon gets frantic.", "n"),
    ("T15", 7, "limits", "Took my whole lunch break every day this week and ate it somewhere other than my desk.", "n"),
    ("T16", 3, "squeeze", "Twilight sessions on a Tuesday after a full day of teaching are hard going. I was half asleep by the imagery.", "n"),
    ("T18", 2, "behaviour", "A Year 2 boy hides under the table when it gets noisy. I sat on the floor next to him instead of asking him to come out, and he came out.", "n"),
    ("T19", 6, "critic", "Still hard on myself after a bad day, but it passes in an evening now rather than a weekend.", "n"),
    ("T21", 4, "breath", "I do three slow breaths each time the bell goes. It's the only pause in the day that nobody can take away.", "n"),
    ("T22", 8, "shared", "We want to keep a practice group going next term. The head has agreed to give us the library on Thursdays.", "y"),
    ("T24", 5, "limits", "Told my line manager I couldn't take a second intervention group. She said she'd wondered when someone would say that.", "n"),
    ("T25", 2, "squeeze", "There's nowhere quiet in a primary school at lunchtime. I've been practising in the stock cupboard.", "n"),
    ("T27", 7, "behaviour", "Less 'why have you done that', more 'what's happened'. The conversations are shorter and I'm not as wound up afterwards.", "n"),
    ("T29", 3, "critic", "The critic has a voice I recognise from my first school. Knowing whose voice it is makes it easier not to believe it.", "n"),
    ("T31", 6, "breath", "Managed a very difficult meeting about a safeguarding case by keeping my breathing slow. I could think while it was happening.", "n"),
    ("T33", 4, "squeeze", "Reports are due. The practice is the first thing I drop and probably the thing I need most.", "n"),
    ("T35", 5, "shared", "Showed a nervous Year 6 the soothing breath before her reading test. She told me afterwards she did it in the hall.", "n"),
    ("T37", 8, "limits", "I've stopped answering emails after seven. The parents have adjusted faster than I expected.", "n"),
    ("T39", 2, "critic", "Caught myself saying 'stupid' under my breath after dropping a pile of books. Said sorry to myself instead, which made me laugh.", "n"),
]


def schools(out):
    rng = random.Random(2023)
    people = [f"T{n:02d}" for n in range(1, 41)]
    no_post = {"T13", "T20", "T30", "T38"}
    blocks = [
        (SCS_SF, "scs_sf_", "total", "sc", 2.75, 0.7, 0.85),
        (SWEMWBS, "swemwbs_", "total", "wb", 3.2, 0.6, 0.7),
    ]
    change = {"sc": (0.65, 0.45), "wb": (0.45, 0.4)}
    rows, responsiveness = simulate_scores(rng, people, no_post, blocks, change)
    skip(rows, "T08", "pre", "scs_sf_3")
    skip(rows, "T26", "post", "scs_sf_11")
    write_csv(out / "data" / "scores.csv", score_columns(blocks), [[r[c] for c in score_columns(blocks)] for r in rows])

    arng = random.Random(2024)
    fixed = {"T13": [1, 2, 3], "T20": [], "T30": [1, 2, 3, 4, 5]}
    came = simulate_attendance(arng, people, 8, responsiveness, no_post, fixed)
    write_csv(out / "data" / "attendance.csv", ["participant_id"] + [f"s{s}" for s in range(1, 9)],
              [[p] + [1 if s in came[p] else 0 for s in range(1, 9)] for p in people])

    pseudonyms = ["Abby", "Bilal", "Carys", "Darren", "Esme", "Faisal", "Gemma", "Harpreet", "Imogen", "Jack",
                  "Kasia", "Liam", "Maryam", "Neil", "Olivia", "Parveen", "Rhys", "Sophie", "Tariq", "Una",
                  "Vikram", "Wendy", "Yasmin", "Zac", "Alison", "Bogdan", "Ciara", "Deepak", "Ellie", "Frank",
                  "Gita", "Hannah", "Ian", "Jasmine", "Kyle", "Lorna", "Mohammed", "Nicola", "Oscar", "Pippa"]
    sites = spread(arng, ["Larkfield Primary", "Brookside Primary", "Castle Hill Academy"], [12, 11, 17])
    roles = spread(arng, ["Teacher", "Teaching assistant", "School leader"], [24, 11, 5])
    years = spread(arng, ["Under 5", "5 to 14", "15 or more"], [11, 17, 12])
    withdrawn = {"T13"}
    write_csv(out / "data" / "participants.csv",
              ["participant_id", "pseudonym", "site", "role", "years_in_teaching", "consented", "withdrawn"],
              [[p, pseudonyms[i], sites[i], roles[i], years[i], "yes", "yes" if p in withdrawn else "no"]
               for i, p in enumerate(people)])

    write_csv(out / "data" / "codebook.csv", ["code", "theme", "subtheme", "description"], SCHOOLS_CODEBOOK)
    write_csv(out / "data" / "excerpts.csv", ["participant_id", "source", "when", "code", "quote", "exemplar"],
              [[p, "diary", nearest_session(came[p], week), code, quote, ex] for p, week, code, quote, ex in SCHOOLS_DIARY])
    write_text(out / "programme.toml", SCHOOLS_TOML)
    write_text(out / "narrative" / "programme.md", SCHOOLS_NARRATIVE)
    return rows


# ---- NHS wards, 2024 ----------------------------------------------------------------------------

NHS_TOML = """\
# Example programme inside the portfolio example: invented data (see ../../README.md).
[programme]
title = "Compassionate mind groups for ward staff"
template = "nhs"
organisation = "Fernbrook Hospitals NHS Foundation Trust"
funder = "Fernbrook Hospitals Charity"
planned_sessions = 6
period = "April–June 2024"

[data]
scores = "data/scores.csv"
timepoints = ["pre", "post"]
attendance = "data/attendance.csv"      # the long layout: participant_id, session, attended
participants = "data/participants.csv"  # the ward is a characteristic here, not a site

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"

[[measures]]
instrument = "phq-9"
prefix = "phq9_"

[analysis]
min_cell = 5
completion = 4         # a completer came to at least four of the six sessions
"""

NHS_NARRATIVE = """\
Staff of four medical and surgical wards were offered six fortnightly one-hour groups in protected time, timed to fit around the shift pattern: each group ran twice on the same day so that early and late shifts could both come. A clinical psychologist and a ward sister co-facilitated. The groups introduced the three emotion systems, soothing rhythm breathing, a compassionate self practice for the start and end of a shift, and ways of noticing and answering self-criticism after a hard day.

Staff answered the questionnaires at the first and the last group.

*This is an invented example: the trust, the people and their answers are synthetic.*
"""


def nhs(out):
    rng = random.Random(2024_06)
    people = [f"N{n:02d}" for n in range(1, 31)]
    no_post = {"N05", "N12", "N19", "N23", "N28"}
    blocks = [
        (SCS_SF, "scs_sf_", "total", "sc", 2.6, 0.7, 0.85),
        (PHQ9, "phq9_", "total", "dep", 1.0, 0.55, 0.65),
    ]
    change = {"sc": (0.55, 0.45), "dep": (-0.45, -0.4)}
    rows, responsiveness = simulate_scores(rng, people, no_post, blocks, change)
    skip(rows, "N17", "pre", "phq9_4")
    write_csv(out / "data" / "scores.csv", score_columns(blocks), [[r[c] for c in score_columns(blocks)] for r in rows])

    arng = random.Random(2024_07)
    came = simulate_attendance(arng, people, 6, responsiveness, no_post, {"N19": [1]})
    write_csv(out / "data" / "attendance.csv", ["participant_id", "session", "attended"],
              [[p, s, "yes" if s in came[p] else "no"] for p in people for s in range(1, 7)])

    pseudonyms = ["Aisha", "Beth", "Callum", "Dina", "Efua", "Fiona", "Grant", "Helen", "Ifeoma", "Jo",
                  "Karen", "Lamar", "Mei", "Nuala", "Obi", "Paula", "Rachel", "Stuart", "Teresa", "Usha",
                  "Vera", "Will", "Yvonne", "Zainab", "Agnes", "Bola", "Clare", "Dominic", "Emeka", "Fran"]
    wards = spread(arng, ["Ward 7 (acute medicine)", "Ward 9 (elderly care)", "Ward 12 (surgery)", "Ward 14 (orthopaedics)"],
                   [9, 8, 7, 6])
    roles = spread(arng, ["Registered nurse", "Healthcare assistant", "Allied health professional"], [16, 9, 5])
    write_csv(out / "data" / "participants.csv", ["participant_id", "pseudonym", "ward", "role"],
              [[p, pseudonyms[i], wards[i], roles[i]] for i, p in enumerate(people)])
    write_text(out / "programme.toml", NHS_TOML)
    write_text(out / "narrative" / "programme.md", NHS_NARRATIVE)
    return rows


# ---- Workplace, 2024 ----------------------------------------------------------------------------

WORKPLACE_TOML = """\
# Example programme inside the portfolio example: invented data (see ../../README.md).
[programme]
title = "Compassion at work: workshops for three employers"
template = "workplace"
organisation = "Trentvale University Business School"
funder = "Midlands Healthy Workplaces Network"
planned_sessions = 4
period = "September–November 2024"

[data]
scores = "data/scores.csv"
timepoints = ["pre", "post"]
attendance = "data/attendance.csv"
participants = "data/participants.csv"
codebook = "data/codebook.csv"
excerpts = "data/excerpts.csv"

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"

[[measures]]
instrument = "pss-10"
prefix = "pss_"

[analysis]
min_cell = 5
completion = 3         # a completer came to at least three of the four workshops

[sites]
column = "site"        # the employer, from participants.csv

[privacy]
redact = ["Gareth"]    # a manager named in one quote

# What the changes in turnover and sickness absence would be worth: an estimate on the
# assumptions below, which the report states beside the figures.
[economics]
currency = "GBP"
programme_cost = 18000           # facilitators, materials and staff time
attribution = 0.5                # half of each change credited to the workshops
source = "HR records of the three employers, 2023–24 and 2024–25"
[economics.turnover]
staff = 620                      # headcount of the three employers
rate_before = 0.16
rate_after = 0.135
cost_per_leaver = 11500
[economics.absence]
staff = 620
days_before = 8.4
days_after = 7.9
cost_per_day = 165
"""

WORKPLACE_NARRATIVE = """\
Three employers in the region, an insurer, a law firm and a borough council, each offered four half-day workshops to any employee who wanted to come, in paid time. The workshops were led by two facilitators from the business school and covered how workplace stress engages the threat system, soothing rhythm breathing, the compassionate self as a way of meeting setbacks and criticism, and compassion in teams: asking for help, and offering it.

Employees answered a short survey at the first and the last workshop. Afterwards the facilitators ran a focus group at each employer and interviewed a few employees who had asked to say more.

*This is an invented example: the employers, the people and their words are synthetic.*
"""

W1, W2, W3, W4 = "Permission to slow down", "Handling criticism and mistakes", "Colleagues and teams", "Workload gets in the way"
WORKPLACE_CODEBOOK = [
    ("slow", W1, "", "Pausing, breathing and taking breaks without feeling it has to be earned"),
    ("mistakes", W2, "", "Meeting one's own errors, feedback and complaints without attacking oneself"),
    ("team", W3, "", "Asking for help, offering it, and talking about pressure openly in teams"),
    ("workload", W4, "", "Deadlines, caseloads and targets that leave little room to practise"),
]
FG, IV = "focus group", "interview"
# participant, source, code, quote, exemplar
WORKPLACE_EXCERPTS = [
    ("W03", FG, "slow", "I used to eat at my desk with one hand on the mouse. Now I go outside for twenty minutes and the afternoon goes better for it.", "n"),
    ("W07", FG, "mistakes", "I sent a quote to the wrong client. A year ago I'd have replayed it for a week. This time I fixed it, apologised and let it go by the evening.", "y"),
    ("W11", FG, "team", "We have a rule now that anyone can say 'I'm at capacity' in stand-up without having to justify it.", "n"),
    ("W14", FG, "workload", "It's a nice idea, but in renewal season nobody in claims has a spare minute to breathe, let alone practise.", "n"),
    ("W19", IV, "mistakes", "The partner I work for is quick to criticise. I've learnt to hear the useful part and not the tone, which has taken a lot of heat out of it.", "n"),
    ("W22", IV, "slow", "The breathing is the bit I use. Before a difficult call I do a minute of it with my camera off.", "n"),
    ("W25", FG, "workload", "Billable hours don't leave room for self-compassion. I did the exercises on the train or not at all.", "n"),
    ("W28", FG, "team", "Our team lead joined the workshops too. Seeing her admit she struggles made it easier for the rest of us.", "n"),
    ("W31", FG, "mistakes", "I've noticed the difference between learning from a mistake and punishing myself for it. They felt like the same thing before.", "n"),
    ("W36", IV, "team", "When a colleague came back from sick leave we planned her first week together instead of leaving her to sink. That came straight out of the last workshop.", "y"),
    ("W38", FG, "slow", "I've started blocking out a fifteen-minute gap between meetings. People respect it more than I thought they would.", "n"),
    ("W41", FG, "workload", "Council budgets are being cut again and the caseloads aren't getting smaller. The course helped me, but it doesn't fix that.", "y"),
    ("W44", FG, "mistakes", "A resident shouted at me on the phone and I didn't take it home with me. I did the compassionate self practice on the bus and it was gone.", "n"),
    ("W47", IV, "team", "Gareth stopped me in the corridor to ask how I was actually doing. He'd been on the course too, and I think it showed.", "n"),
    ("W50", FG, "slow", "I'd never have called a walk at lunchtime work. Now I think it's part of doing the job properly.", "n"),
    ("W53", FG, "workload", "I missed the third workshop because of a deadline, which is exactly the pattern the workshops were about.", "n"),
    ("W56", IV, "mistakes", "My appraisal had one line of criticism and a page of praise. I read the praise twice, which I have never done before.", "n"),
    ("W59", FG, "team", "We share the small wins in our team chat now. It sounds trivial, but it has changed how Friday afternoons feel.", "n"),
]


def workplace(out):
    rng = random.Random(2024_11)
    people = [f"W{n:02d}" for n in range(1, 61)]
    no_post = {"W05", "W09", "W17", "W26", "W33", "W42", "W48", "W57"}
    blocks = [
        (SCS_SF, "scs_sf_", "total", "sc", 2.85, 0.7, 0.85),
        (PSS, "pss_", "total", "st", 1.9, 0.55, 0.7),
    ]
    change = {"sc": (0.45, 0.45), "st": (-0.45, -0.4)}
    rows, responsiveness = simulate_scores(rng, people, no_post, blocks, change)
    skip(rows, "W12", "pre", "scs_sf_9")
    skip(rows, "W40", "post", "pss_6")
    write_csv(out / "data" / "scores.csv", score_columns(blocks), [[r[c] for c in score_columns(blocks)] for r in rows])

    arng = random.Random(2024_12)
    came = simulate_attendance(arng, people, 4, responsiveness, no_post, {"W17": [1], "W53": [1, 2, 4]})
    write_csv(out / "data" / "attendance.csv", ["participant_id"] + [f"s{s}" for s in range(1, 5)],
              [[p] + [1 if s in came[p] else 0 for s in range(1, 5)] for p in people])

    sites = spread(arng, ["Greyfriars Insurance", "Holloway & Reade LLP", "Northgate Borough Council"], [22, 15, 23])
    roles = spread(arng, ["Manager", "Professional or specialist", "Administrative or support"], [12, 27, 21])
    write_csv(out / "data" / "participants.csv", ["participant_id", "site", "role"],
              [[p, sites[i], roles[i]] for i, p in enumerate(people)])

    write_csv(out / "data" / "codebook.csv", ["code", "theme", "subtheme", "description"], WORKPLACE_CODEBOOK)
    write_csv(out / "data" / "excerpts.csv", ["participant_id", "source", "when", "code", "quote", "exemplar"],
              [[p, source, "", code, quote, ex] for p, source, code, quote, ex in WORKPLACE_EXCERPTS])
    write_text(out / "programme.toml", WORKPLACE_TOML)
    write_text(out / "narrative" / "programme.md", WORKPLACE_NARRATIVE)
    return rows


# ---- The partner's programme, Lisbon (not shipped) ------------------------------------------------

LISBON_TOML = """\
# The partner's programme folder. It stays with the partner: only report/results.json is shared.
[programme]
title = "Compassionate mind training for teachers, Lisbon"
template = "schools"
organisation = "Agrupamento de Escolas Quinta das Amendoeiras"
planned_sessions = 8
period = "October–December 2023"

[data]
scores = "data/scores.csv"
timepoints = ["pre", "post"]
attendance = "data/attendance.csv"
participants = "data/participants.csv"

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"

[analysis]
min_cell = 5
completion = 0.75

[flow]
enrolled = 53
"""


def lisbon(out):
    rng = random.Random(2023_10)
    people = [f"P{n:02d}" for n in range(1, 51)]
    no_post = {"P04", "P11", "P23", "P31", "P40", "P46"}
    blocks = [(SCS_SF, "scs_sf_", "total", "sc", 2.65, 0.7, 0.85)]
    change = {"sc": (0.6, 0.45)}
    rows, responsiveness = simulate_scores(rng, people, no_post, blocks, change)
    write_csv(out / "data" / "scores.csv", score_columns(blocks), [[r[c] for c in score_columns(blocks)] for r in rows])

    arng = random.Random(2023_11)
    came = simulate_attendance(arng, people, 8, responsiveness, no_post, {"P23": []})
    write_csv(out / "data" / "attendance.csv", ["participant_id"] + [f"s{s}" for s in range(1, 9)],
              [[p] + [1 if s in came[p] else 0 for s in range(1, 9)] for p in people])

    pseudonyms = ["Ana", "Bruno", "Catarina", "Diogo", "Eduarda", "Filipe", "Graça", "Hugo", "Inês", "João",
                  "Leonor", "Miguel", "Nuno", "Odete", "Paulo", "Rita", "Sofia", "Tiago", "Vera", "Xavier",
                  "Beatriz", "Carlos", "Daniela", "Fernando", "Helena", "Isabel", "Jorge", "Luísa", "Marta", "Pedro",
                  "Raquel", "Sérgio", "Teresa", "Vasco", "Alice", "Bernardo", "Clara", "Duarte", "Joana", "Mariana",
                  "Gonçalo", "Patrícia", "Ricardo", "Susana", "Tomás", "Madalena", "Rui", "Filipa", "André", "Cristina"]
    roles = spread(arng, ["Teacher", "Teaching assistant", "School leader"], [38, 8, 4])
    write_csv(out / "data" / "participants.csv", ["participant_id", "pseudonym", "role"],
              [[p, pseudonyms[i], roles[i]] for i, p in enumerate(people)])
    write_text(out / "programme.toml", LISBON_TOML)
    return rows


def impact_binary():
    given = os.environ.get("IMPACT")
    return Path(given) if given else REPO / "target" / "release" / "impact"


def partner_results(dest):
    """Build the partner's programme in a temporary folder and keep only its results.json."""
    binary = impact_binary()
    if not binary.exists():
        sys.exit(f"error: {binary} not found: build impact first, or set IMPACT to the binary's path")
    tmp = Path(tempfile.mkdtemp(prefix="impact-lisbon-"))
    try:
        rows = lisbon(tmp)
        subprocess.run([str(binary), "build", str(tmp), "--format", "json"], check=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp / "report" / "results.json", dest)
    finally:
        shutil.rmtree(tmp)
    return rows


def main():
    summaries = []
    for name, make in (("schools-2023", schools), ("nhs-wards-2024", nhs), ("workplace-2024", workplace)):
        rows = make(HERE / "programmes" / name)
        summaries.append((f"programmes/{name}", rows))
        print(f"wrote programmes/{name}/")
    rows = partner_results(HERE / "partners" / "lisbon.json")
    summaries.append(("partners/lisbon.json", rows))
    print("wrote partners/lisbon.json (the partner's folder was built in a temporary folder and deleted)")
    print("SCS-SF, paired:                 n   pre   post")
    for name, rows in summaries:
        n, m1, m2 = paired_summary(rows, "scs_sf_", SCS_SF)
        print(f"  {name:28} {n:3}  {m1:.2f}  {m2:.2f}")


if __name__ == "__main__":
    main()
