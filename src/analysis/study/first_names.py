"""Build the shipped first-name gender list (``analysis/data/first_names.csv``) from nomquamgender.

The attribution's speaker tracker reads the gender of a person's first name from
``analysis/data/first_names.csv`` to resolve "he"/"she" to the last compatible person. That
file is derived from the name data of **nomquamgender** 0.1.4 (PyPI; MIT licence, © 2022 Ian
Van Buskirk; Van Buskirk, Clauset & Larremore, "An Open-Source Cultural Consensus Approach to
Name-Based Gender Classification", ICWSM 2023), which pools 36 name-gender sources from many
countries. Rebuild it with::

    pip download --no-deps nomquamgender==0.1.4   # then unzip the wheel
    python -m analysis.study.first_names nomquamgender/name_data.json src/analysis/data/first_names.csv

The package is not a dependency of the project: only its data file is read, once, here.

Examples
--------
>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "n.json").write_text(json.dumps({"anna": [30, 9000, 0.98, 3], "jean": [30, 9000, 0.48, 3],
...                                          "ivan": [20, 800, 0.01, 3], "x1": [9, 9, 0.0, 3]}))
>>> build_first_names(d / "n.json", d / "f.csv")
2
>>> (d / "f.csv").read_text().splitlines()[-2:]
['anna,f', 'ivan,m']
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

__all__ = ["build_first_names", "MIN_SOURCES", "MIN_COUNT", "THRESHOLD"]

#: A name is kept when at least this many of nomquamgender's sources list it ...
MIN_SOURCES = 5
#: ... with at least this many people in total ...
MIN_COUNT = 200
#: ... and its share of women is at most THRESHOLD (m) or at least 1 - THRESHOLD (f);
#: nomquamgender's own default uncertainty threshold.
THRESHOLD = 0.1
# Plain lower-case Latin names, optionally hyphenated ("jean-pierre").
_NAME = re.compile(r"^[a-z]{2,}(?:-[a-z]{2,})?$")


def build_first_names(name_data: str | Path, out: str | Path) -> int:
    """Write the first-name list (``name,gender``, gender ``f``/``m``); return the number of names."""
    raw = Path(name_data).read_bytes()
    data = json.loads(raw)
    rows = []
    for name, values in sorted(data.items()):
        sources, count, p_female = values[0], values[1], values[2]
        if not _NAME.match(name) or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        if p_female >= 1 - THRESHOLD:
            rows.append(f"{name},f")
        elif p_female <= THRESHOLD:
            rows.append(f"{name},m")
    female = sum(r.endswith(",f") for r in rows)
    header = [
        "# First names and their usual gender, for the attribution's pronoun resolution",
        "# (analysis.names.first_name_gender: 'she' -> the last woman named, 'he' -> the last man).",
        "#",
        f"# Columns: name (lower case, Latin letters), gender (f or m). {len(rows)} names: {female} f,",
        f"# {len(rows) - female} m.",
        "#",
        "# Source: nomquamgender 0.1.4 (PyPI), name_data.json, sha256",
        f"# {hashlib.sha256(raw).hexdigest()}; MIT licence, Copyright (c) 2022 Ian",
        "# Van Buskirk (Van Buskirk, Clauset & Larremore, ICWSM 2023). Kept: names listed by at",
        f"# least {MIN_SOURCES} sources for at least {MIN_COUNT} people whose share of women p(gf) is at most",
        f"# {THRESHOLD} (m) or at least {1 - THRESHOLD:.1f} (f). Built by analysis.study.first_names.",
        "#",
        "# The source data's licence (MIT), in full:",
        '# Copyright (c) 2022 Ian Van Buskirk',
        '#',
        '# Permission is hereby granted, free of charge, to any person obtaining a copy',
        '# of this software and associated documentation files (the "Software"), to deal',
        '# in the Software without restriction, including without limitation the rights',
        '# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell',
        '# copies of the Software, and to permit persons to whom the Software is',
        '# furnished to do so, subject to the following conditions:',
        '#',
        '# The above copyright notice and this permission notice shall be included in all',
        '# copies or substantial portions of the Software.',
        '#',
        '# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
        '# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,',
        '# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE',
        '# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER',
        '# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,',
        '# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE',
        '# SOFTWARE.',
        '#',
        "name,gender",
    ]
    Path(out).write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - a one-off data build
    print(build_first_names(sys.argv[1], sys.argv[2]), "names")
