#!/usr/bin/env python3
"""Validates spec YAML files against schemas/spec.schema.json (run by CTest).

usage: check_spec_schema.py SCHEMA GOOD_DIRS [BAD_FILE...] [--readme README.md]
Every *.yaml in each of GOOD_DIRS (glob patterns joined by ':'), and every
whole spec among the README's ```yaml blocks, must validate; every document
of each BAD_FILE (several, separated by ---) must not.

YAML is read as editors read it (yaml-language-server follows YAML 1.2's
core schema): 2024-01-31 and 12:30:00 stay text and only true/false are
booleans, as in the engine. PyYAML alone would read YAML 1.1 (dates,
sexagesimal numbers, yes/no).
"""
import glob, json, os, re, sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    pass


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for tag, rx, first in [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$",
         "-+0123456789."),
]:
    CoreLoader.add_implicit_resolver(tag, re.compile(rx), list(first))


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    return int(text, 0) if text.startswith(("0o", "0x")) else int(text)


CoreLoader.add_constructor("tag:yaml.org,2002:int", construct_int)


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.load_all(f, Loader=CoreLoader) if d is not None]


def readme_specs(path):
    """The README's ```yaml blocks that are whole specs (first key table:,
    no abridging '...' line)."""
    text = open(path).read()
    out = []
    for i, block in enumerate(text.split("```yaml\n")[1:], 1):
        block = block.split("```")[0]
        first = next((l for l in block.splitlines() if l.strip() and not l.startswith("#")), "")
        if first.startswith("table:") and not re.search(r"^\s*\.\.\.\s*$", block, re.M):
            out.append((f"{path} block {i}", block))
    return out


def main():
    argv = sys.argv[1:]
    readme = []
    if "--readme" in argv:
        at = argv.index("--readme")
        readme = readme_specs(argv[at + 1])
        del argv[at:at + 2]
    schema_path, good_dir, bad = argv[0], argv[1], argv[2:]
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failed = passed = 0
    good = sorted(f for pattern in good_dir.split(":") for d in glob.glob(pattern)
                  for f in glob.glob(os.path.join(d, "*.yaml"))
                  if os.path.basename(f) != "seed-engine.yaml")
    for path in good:
        errors = [e for doc in load_all(path) for e in validator.iter_errors(doc)]
        for e in errors:
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failed += bool(errors)
        passed += not errors
    for name, text in readme:
        errors = [e for doc in yaml.load_all(text, Loader=CoreLoader) if doc is not None
                  for e in validator.iter_errors(doc)]
        for e in errors:
            print(f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failed += bool(errors)
        passed += not errors
    for path in bad:
        for i, doc in enumerate(load_all(path), 1):
            if next(validator.iter_errors(doc), None) is None:
                print(f"{path}: document {i}: expected a schema violation, found none")
                failed += 1
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not good else 0


if __name__ == "__main__":
    sys.exit(main())
