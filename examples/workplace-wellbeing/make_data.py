#!/usr/bin/env python3
"""Write data/responses.xlsx for the workplace-wellbeing example: invented, synthetic data.

An Excel workbook as an HR or wellbeing team might keep it: a first sheet of notes ("About") and
a sheet "Responses" with one row per employee (the wide layout): the employee id, department,
then each timepoint's date and answers, named `{timepoint}_{column}` (`pre_pss_1`, …,
`followup_wemwbs_14`). Cells hold plain values, never formulas.

Each person has latent traits (perceived stress, wellbeing); every item is the trait plus noise,
rounded and clipped to the item's range, and reverse-keyed items are flipped using the keys in
src/instruments/keys. Stress falls and wellbeing rises after the workshops by a moderate amount
that varies from person to person, and about two thirds of the gain is kept three months later.
Some people drop out: 40 answer at pre, 34 at post and 28 at follow-up (two who missed post come
back at follow-up).

Needs Python 3.11 or later and openpyxl (`pip install openpyxl`). The seed is fixed and the
workbook's timestamps are pinned, so the file comes out byte-identical every time.
"""

import datetime
import io
import random
import re
import tomllib
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "src" / "instruments" / "keys"
rng = random.Random(1618)
PINNED = datetime.datetime(2025, 9, 1, 9, 0, 0)


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
# Mean change by post (SD units), the weight of personal responsiveness, and the share kept at
# follow-up.
CHANGE = {"stress": (-0.7, -0.45), "wb": (0.65, 0.4)}
KEPT = 0.65
TIMEPOINTS = ["pre", "post", "followup"]
DATES = {"pre": datetime.date(2025, 3, 3), "post": datetime.date(2025, 4, 28), "followup": datetime.date(2025, 7, 28)}
DEPARTMENTS = ["Warehouse", "Transport", "Customer service", "Office"]

people = [f"E{n:03d}" for n in range(101, 141)]
missing = {
    "post": {"E108", "E115", "E121", "E127", "E133", "E138"},
    "followup": {"E104", "E108", "E111", "E119", "E121", "E124", "E130", "E133", "E136", "E138", "E140", "E112"},
}
# E115 and E127 miss post but answer again at follow-up.
records = []
for pid in people:
    z = [rng.gauss(0, 1) for _ in range(2)]
    trait = {"pre": {"stress": z[0], "wb": -0.6 * z[0] + 0.8 * z[1]}}
    responsive = rng.gauss(0, 1)
    gain = {t: CHANGE[t][0] + CHANGE[t][1] * responsive for t in CHANGE}
    trait["post"] = {t: v + gain[t] + rng.gauss(0, 0.3) for t, v in trait["pre"].items()}
    trait["followup"] = {t: v + KEPT * gain[t] + rng.gauss(0, 0.35) for t, v in trait["pre"].items()}
    record = {"employee_id": pid, "department": rng.choice(DEPARTMENTS)}
    for timepoint in TIMEPOINTS:
        answered = pid not in missing.get(timepoint, set())
        date = DATES[timepoint] + datetime.timedelta(days=rng.randrange(0, 10))
        record[f"{timepoint}_completed"] = date if answered else None
        for inst, prefix, t, centre, loading, noise in BLOCKS:
            for i in range(1, inst["items"] + 1):
                level = centre + OFFSET[(inst["id"], i)] + loading * trait[timepoint][t]
                value = answer(inst, i, level, noise)
                record[f"{timepoint}_{prefix}{i}"] = value if answered else None
    records.append(record)

# Two skipped items: one PSS-10 item at post (prorated) and one WEMWBS item at follow-up.
next(r for r in records if r["employee_id"] == "E105")["post_pss_6"] = None
next(r for r in records if r["employee_id"] == "E117")["followup_wemwbs_10"] = None

columns = ["employee_id", "department"]
for timepoint in TIMEPOINTS:
    columns.append(f"{timepoint}_completed")
    columns += [f"{timepoint}_{prefix}{i}" for inst, prefix, *_ in BLOCKS for i in range(1, inst["items"] + 1)]

workbook = Workbook()
about = workbook.active
about.title = "About"
for line in [
    ["Staff wellbeing survey: resilience and self-compassion workshops"],
    ["Invented example data for impact; not a real survey."],
    ["One row per employee on the Responses sheet; an empty block means no answer at that time."],
    ["pss_1 … pss_10: Perceived Stress Scale, answers 0–4 as given (items 4, 5, 7 and 8 not yet reversed)."],
    ["wemwbs_1 … wemwbs_14: Warwick-Edinburgh Mental Wellbeing Scale, answers 1–5."],
]:
    about.append(line)
about["A1"].font = Font(bold=True)
about.column_dimensions["A"].width = 100
sheet = workbook.create_sheet("Responses")
sheet.append(columns)
for cell in sheet[1]:
    cell.font = Font(bold=True)
for record in records:
    sheet.append([record[c] for c in columns])
for timepoint in TIMEPOINTS:
    column = columns.index(f"{timepoint}_completed") + 1
    for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        row[0].number_format = "yyyy-mm-dd"
sheet.freeze_panes = "C2"
workbook.properties.creator = "impact example"
workbook.properties.created = PINNED
workbook.properties.modified = PINNED

# openpyxl stamps the workbook's "modified" property and each zip entry with the current time:
# repack with both pinned, in the same order, so the file is byte-identical on every run.
buffer = io.BytesIO()
workbook.save(buffer)
(HERE / "data").mkdir(exist_ok=True)
with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(HERE / "data" / "responses.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
    for info in source.infolist():
        pinned = zipfile.ZipInfo(info.filename, date_time=PINNED.timetuple()[:6])
        pinned.compress_type = zipfile.ZIP_DEFLATED
        pinned.external_attr = 0o644 << 16
        data = source.read(info.filename)
        if info.filename == "docProps/core.xml":
            stamp = PINNED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
            data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
        out.writestr(pinned, data)
counts = {t: sum(1 for r in records if r[f"{t}_completed"] is not None) for t in TIMEPOINTS}
print(f"wrote {len(records)} employees to data/responses.xlsx (answered: {counts})")
