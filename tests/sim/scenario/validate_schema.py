#!/usr/bin/env python3
"""Validates every scenarios/*.yaml against docs/scenario.schema.json.

Exits 77 (CTest: skipped) with the reason when PyYAML or jsonschema is not installed, 1 with
each file's first violation when one does not validate, and 0 otherwise.
"""
import glob
import json
import os
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"skipped: {e.name} is not installed (apt-get install python3-jsonschema python3-yaml)")
    sys.exit(77)

root = sys.argv[1]
with open(os.path.join(root, "docs", "scenario.schema.json")) as f:
    schema = json.load(f)
validator = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob(os.path.join(root, "scenarios", "*.yaml")))
bad = 0
for path in files:
    with open(path) as f:
        doc = yaml.safe_load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        bad += 1
        where = "/".join(str(p) for p in errors[0].absolute_path)
        print(f"{path}: {where}: {errors[0].message}")
print(f"{len(files) - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
