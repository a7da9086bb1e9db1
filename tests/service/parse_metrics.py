"""Parses Prometheus text (stdin) with the real prometheus_client parser and prints
every sample as one JSON line: {"name":..., "labels":{...}, "value":...}.
Exit 1 with the parser's message when the text does not parse."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            print(json.dumps({"family": family.name, "type": family.type, "name": sample.name,
                              "labels": sample.labels, "value": sample.value}))
except Exception as error:  # the parser raises ValueError and others
    print(f"not Prometheus text: {error}", file=sys.stderr)
    sys.exit(1)
