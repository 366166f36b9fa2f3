#!/usr/bin/env python3
"""Write the data of the therapist-interviews example: invented, synthetic data.

A qualitative-only interview study, shaped like a published interpretative phenomenological
analysis of therapists' understandings of compassion at work: five therapists, named in the
report by pseudonym, with a table of their characteristics; the interviews were coded into two
superordinate themes of two subordinate themes each. There are no questionnaire scores. The
pseudonyms, characteristics and quotes were written for this example; none is real, and none is
taken from the study.

Run with Python 3: `python3 make_data.py`. The output is the same on every run.
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

# participant_id, pseudonym, gender, years_qualified, setting: each characteristic has at most two
# groups, so that with five people every column is shown (a column where most people differ is not).
PARTICIPANTS = [
    ("INT01", "Avery", "Woman", "10 years or more", "NHS Talking Therapies"),
    ("INT02", "Jordan", "Man", "Under 10 years", "NHS Talking Therapies"),
    ("INT03", "Morgan", "Woman", "10 years or more", "Private practice"),
    ("INT04", "Rowan", "Woman", "10 years or more", "NHS Talking Therapies"),
    ("INT05", "Sasha", "Woman", "Under 10 years", "NHS Talking Therapies"),
]

CODEBOOK = [
    ("helping", "Becoming a compassionate practitioner", "Drawn to helping",
     "Caring for others as the reason for entering the work"),
    ("learning", "Becoming a compassionate practitioner", "Learning compassion on the job",
     "Compassion learnt from clients, workshops and mistakes more than from initial training"),
    ("supervision", "The workplace as help or hindrance", "Supervision that sustains",
     "Supervision as the place where therapists are cared for"),
    ("targets", "The workplace as help or hindrance", "Targets before people",
     "Performance pressure that leaves little room for compassion towards staff"),
]

# participant, source, when, code, quote, exemplar
EXCERPTS = [
    ("INT01", "interview", "", "helping", "I came into this work because I'd seen what it's like when nobody listens. I wanted to be the person who does.", "y"),
    ("INT01", "interview", "", "learning", "The compassion-focused workshops changed how I open a session. I slow down, and I pay attention to my own tone first.", "n"),
    ("INT01", "interview", "", "targets", "Some weeks it feels like the numbers are the patients and the patients are the paperwork.", "n"),
    ("INT02", "interview", "", "helping", "Before I trained I was a support worker, and the part I loved was the moment someone realised they weren't on their own with it.", "n"),
    ("INT02", "interview", "", "supervision", "Good supervision is where I get looked after so I can look after everyone else. When it's cancelled, I notice it within a fortnight.", "y"),
    ("INT02", "interview", "", "learning", "The training gave me the model. It was the clients who showed me what it actually looks like to be on the receiving end of kindness.", "n"),
    ("INT02", "interview", "", "targets", "You're expected to be endlessly kind to clients in a system that isn't very kind to you.", "n"),
    ("INT03", "interview", "", "helping", "I don't think you can fake caring in this job. Clients can tell within a session whether you actually want to be there.", "n"),
    ("INT03", "interview", "", "learning", "You learn it by getting it wrong. I remember being far too brisk with a young man early on, and I still think about what I'd say to him now.", "y"),
    ("INT03", "interview", "", "supervision", "I pay for my own supervision now. It's the first thing I budget for, before the room or the insurance.", "n"),
    ("INT03", "interview", "", "targets", "I was told my recovery rate was down before anyone asked why I'd been off sick. That's when I started looking at other jobs.", "y"),
    ("INT04", "interview", "", "learning", "My training barely mentioned compassion. I picked most of it up from clients, to be honest, and from reading in my own time.", "n"),
    ("INT04", "interview", "", "supervision", "My supervisor asks how I am before she asks about my caseload. It sounds small, but that order matters.", "n"),
    ("INT04", "interview", "", "targets", "There's a lot of talk about compassion on the posters in reception. It doesn't always reach the rota.", "n"),
    ("INT05", "interview", "", "helping", "It's a vocation for me, not just a job. That sounds grand, but I'd do some version of it whatever I was paid.", "n"),
    ("INT05", "interview", "", "supervision", "Supervision was the one hour a week nobody could take off me. Even when everything else was chaos, that held.", "n"),
    ("INT05", "interview", "", "learning", "Self-compassion was the part I resisted longest. I could teach it to clients for months before I tried it on myself.", "n"),
    ("INT05", "interview", "", "targets", "When Dr Hale left, the new manager only wanted the waiting-list figures, and the team stopped talking to each other about how we were.", "n"),
]


def write(name, columns, rows):
    with open(HERE / "data" / name, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to data/{name}")


(HERE / "data").mkdir(exist_ok=True)
write("participants.csv", ["participant_id", "pseudonym", "gender", "years_qualified", "setting"], PARTICIPANTS)
write("codebook.csv", ["code", "theme", "subtheme", "description"], CODEBOOK)
write("excerpts.csv", ["participant_id", "source", "when", "code", "quote", "exemplar"], EXCERPTS)
