#!/usr/bin/env python3
"""Validates spec YAML files against schemas/spec.schema.json (run by CTest).

usage: check_spec_schema.py SCHEMA GOOD_DIRS [BAD_FILE...]
Every *.yaml in each of GOOD_DIRS (glob patterns joined by ':') must
validate; every BAD_FILE must not.
"""
import glob, json, os, sys

import jsonschema
import yaml


def errors(schema, path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    return list(jsonschema.Draft202012Validator(schema).iter_errors(doc))


def main():
    schema_path, good_dir, bad = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    failed = 0
    good = sorted(f for pattern in good_dir.split(":") for d in glob.glob(pattern)
                  for f in glob.glob(os.path.join(d, "*.yaml")))
    for path in good:
        for e in errors(schema, path):
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            failed += 1
    for path in bad:
        if not errors(schema, path):
            print(f"{path}: expected a schema violation, found none")
            failed += 1
    print(f"{len(good) + len(bad) - failed} passed, {failed} failed")
    return 1 if failed or not good else 0


if __name__ == "__main__":
    sys.exit(main())
