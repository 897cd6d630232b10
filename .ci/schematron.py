"""Runs a compiled Schematron (an XSLT that writes SVRL) over UBL documents.

    python schematron.py RULES.xslt FILE.xml...

Used by .ci/validate-ubl with the official CEN EN 16931 UBL rules. The
stylesheet is compiled once by Saxon-HE (saxonche, XSLT 3.0, no Java) and
applied to each file. Every failed assert and successful report is a
finding, whatever its flag (fatal or warning), and is printed with its rule
id, flag, location and text. Exit 0 without findings, 1 with any, 2 when a
file cannot be read or transformed.
"""

import os
import sys
import xml.etree.ElementTree as ET

from saxonche import PySaxonApiError, PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def findings(svrl_text):
    """The (flag, id, location, text) of every finding in an SVRL report,
    and how many rules fired (zero means the rules did not apply at all)."""
    root = ET.fromstring(svrl_text)
    fired = len(root.findall(f".//{SVRL}fired-rule"))
    out = []
    for tag in ("failed-assert", "successful-report"):
        for f in root.iter(f"{SVRL}{tag}"):
            text = " ".join((f.findtext(f"{SVRL}text") or "").split())
            out.append((f.get("flag"), f.get("id"), f.get("location"), text))
    return fired, out


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rules, files = argv[1], argv[2:]
    status = 0
    with PySaxonProcessor(license=False) as proc:
        exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=rules)
        for path in files:
            name = os.path.relpath(path)
            try:
                report = exe.transform_to_string(source_file=os.path.abspath(path))
            except PySaxonApiError as e:
                print(f"ERROR {name}: {e}")
                status = 2
                continue
            fired, found = findings(report)
            if fired == 0:
                print(f"ERROR {name}: no rule applied; is it a UBL invoice or credit note?")
                status = 2
                continue
            print(f"{'FAIL' if found else 'PASS'}  {name}: {len(found)} finding(s), {fired} rules fired")
            for flag, rule, location, text in found:
                print(f"   ! {flag} {rule} at {location}\n     {text}")
            if found and status == 0:
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
