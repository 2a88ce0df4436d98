#!/usr/bin/env python3
"""Run check-jsonschema with a chosen YAML loader (bench/validate.sh).

usage: cjs_loader.py {c|pure} CHECK-JSONSCHEMA-ARGS...
  c     ruamel.yaml's C loader (ruamel.yaml.clib, libyaml); fails (exit 2)
        when it is not installed, so a timing never silently measures the
        pure-Python parser instead
  pure  ruamel.yaml's pure-Python loader, as when ruamel.yaml.clib is missing
        (the C extension is hidden before ruamel.yaml is imported)
Everything after the mode is passed to check-jsonschema unchanged; the exit
status is check-jsonschema's.
"""
import sys


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("c", "pure"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    mode = sys.argv.pop(1)
    if mode == "pure":
        sys.modules["_ruamel_yaml"] = None      # import fails -> CParser is None
    import ruamel.yaml.main
    if mode == "c" and ruamel.yaml.main.CParser is None:
        print("cjs_loader.py: ruamel.yaml.clib (the C loader) is not installed",
              file=sys.stderr)
        return 2
    if mode == "pure" and ruamel.yaml.main.CParser is not None:
        print("cjs_loader.py: could not hide the C loader", file=sys.stderr)
        return 2
    from check_jsonschema import main as cjs_main
    sys.argv[0] = "check-jsonschema"
    return cjs_main()


if __name__ == "__main__":
    sys.exit(main())
