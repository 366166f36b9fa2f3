#!/usr/bin/env python3
"""Write scores.xls: the formats fixture's cohort (tests/formats_fixture/mod.rs, ROWS) as an Excel
97-2003 workbook, the one spreadsheet format the tests cannot write themselves.

    pip install xlwt && python3 tests/data/formats/make_xls.py
"""

import os

import xlwt

ROWS = [
    ("P01", "pre", [2, 3, 2, 4, 3, 2, 3, 4, 4, 2, 4, 4], 1.5),
    ("P02", "pre", [3, 2, 3, 3, 2, 3, 2, 3, 3, 3, 3, 4], 2.25),
    ("P03", "pre", [4, 2, 2, 4, 3, 2, 2, 4, 4, 3, 4, 3], 3.0),
    ("P04", "pre", [3, 3, 3, 3, 3, 2, 3, 3, 4, 3, 3, 3], 1.75),
    ("P05", "pre", [1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5], 2.5),
    ("P01", "post", [2, 4, 3, 3, 4, 3, 4, 3, 3, 3, 3, 3], 1.25),
    ("P02", "post", [2, 3, 3, 2, 3, 4, 0, 2, 2, 4, 2, 3], 2.0),
    ("P03", "post", [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 2.5),
    ("P04", "post", [2, 4, 4, 2, 4, 4, 4, 2, 2, 4, 2, 2], 1.0),
]

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("Scores")
header = ["participant_id", "timepoint"] + [f"scs_sf_{i}" for i in range(1, 13)] + ["fscs", "site"]
for c, name in enumerate(header):
    sheet.write(0, c, name)
for r, (pid, timepoint, items, fscs) in enumerate(ROWS, start=1):
    sheet.write(r, 0, pid)
    sheet.write(r, 1, timepoint)
    for c, value in enumerate(items, start=2):
        if value:
            sheet.write(r, c, value)
    sheet.write(r, 14, fscs)
    sheet.write(r, 15, "Café Nord")
book.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "scores.xls"))
